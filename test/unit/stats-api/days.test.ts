import { expect } from 'chai';
import { dayCount, dayNumber, daysBetween, dayString } from '../../../api/stats/days.js';

describe('stats: calendar days', () => {
  it('when a date is real then it round-trips through its day number', () => {
    for (const day of ['1970-01-01', '2024-02-29', '2026-03-08', '2026-11-01', '2099-12-31', '0099-06-15']) {
      const n = dayNumber(day);
      expect(n, day).to.be.a('number');
      expect(dayString(n!)).to.equal(day);
    }
    expect(dayNumber('1970-01-02')).to.equal(1);
  });

  it('when a date is impossible or malformed then it has no day number', () => {
    for (const day of ['2025-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', '20260301', '', '2026-03-01T00:00']) {
      expect(dayNumber(day), day).to.equal(undefined);
    }
  });

  it('when a range crosses DST changes or a leap day then it lists each calendar day once', () => {
    expect(daysBetween('2026-03-07', '2026-03-09')).to.deep.equal(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(daysBetween('2026-10-31', '2026-11-02')).to.deep.equal(['2026-10-31', '2026-11-01', '2026-11-02']);
    expect(daysBetween('2024-02-28', '2024-03-01')).to.deep.equal(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysBetween('2026-03-01', '2026-03-01')).to.deep.equal(['2026-03-01']);
  });

  it('when from is after to then the range is empty', () => {
    expect(daysBetween('2026-03-02', '2026-03-01')).to.deep.equal([]);
    expect(dayCount('2026-03-02', '2026-03-01')).to.equal(0);
    expect(dayCount('2025-01-01', '2025-12-31')).to.equal(365);
  });
});
