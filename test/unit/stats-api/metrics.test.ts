import { expect } from 'chai';
import { projectMetrics, ratio, videoMetrics, ZERO_DISTINCTS, ZERO_PROJECT_SUMS, ZERO_SLOT_SUMS } from '../../../api/stats/metrics.js';

describe('stats: metric algebra', () => {
  it('when a denominator is 0 then the ratio is null, never NaN or Infinity', () => {
    expect(ratio(0, 0)).to.equal(null);
    expect(ratio(3, 0)).to.equal(null);
    expect(ratio(1, 4)).to.equal(0.25);
  });

  it('when project figures are given then ratios divide range figures', () => {
    const m = projectMetrics({ ...ZERO_PROJECT_SUMS, opens: 8, plays: 4, reach100: 1, ctaClicks: 2, conversions: 3, watchSeconds: 10 }, { visitors: 9, sessions: 10, viewers: 2 }, {});
    expect(m).to.include({ playRate: 0.5, completionRate: 0.25, ctr: 0.5, cvr: 1.5, avgWatchSeconds: 2.5, viewers: 2 });
  });

  it('when there are no figures then every ratio is null', () => {
    const p = projectMetrics(ZERO_PROJECT_SUMS, ZERO_DISTINCTS, {});
    expect([p.playRate, p.completionRate, p.ctr, p.cvr, p.avgWatchSeconds]).to.deep.equal([null, null, null, null, null]);
    const v = videoMetrics(ZERO_SLOT_SUMS, 0);
    expect([v.completionRate, v.ctr, v.cvr, v.avgWatchSeconds]).to.deep.equal([null, null, null, null]);
  });
});
