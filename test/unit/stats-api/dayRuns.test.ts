import { expect } from 'chai';
import { daysOutsideMonths } from '../../../api/stats/dayRuns.js';

describe('daysOutsideMonths', () => {
  it('when whole months sit inside the range then the edge days are two runs around them', () => {
    expect(daysOutsideMonths('2026-09-08', '2026-12-06', ['2026-10-01', '2026-11-01'])).to.deep.equal({
      from: ['2026-09-08', '2026-12-01'],
      to: ['2026-09-30', '2026-12-06'],
    });
  });

  it('when a month in the middle is not merged then its days join the runs beside it', () => {
    expect(daysOutsideMonths('2026-09-20', '2026-12-02', ['2026-10-01'])).to.deep.equal({
      from: ['2026-09-20', '2026-11-01'],
      to: ['2026-09-30', '2026-12-02'],
    });
  });

  it('when no month is merged then the whole range is one run, and a fully merged range has none', () => {
    expect(daysOutsideMonths('2026-02-27', '2026-03-02', [])).to.deep.equal({ from: ['2026-02-27'], to: ['2026-03-02'] });
    expect(daysOutsideMonths('2026-10-01', '2026-10-31', ['2026-10-01'])).to.deep.equal({ from: [], to: [] });
  });
});
