import { expect } from 'chai';
import { commonestDuration, dropOff, percentPoints, sumArrays, watchPoints } from '../../../api/stats/reports/watchCurve.js';
import { MAX_WATCH_CURVE_SECONDS } from '../../../shared/rollup/watchCurve.js';

describe('stats: audience-retention arithmetic', () => {
  it('when daily arrays of different lengths are summed then each second adds up and the longer tail is kept', () => {
    expect(sumArrays([[3, 2, 1], [1, 1], [0, 0, 0, 4]])).to.deep.equal([4, 3, 1, 4]);
    expect(sumArrays([])).to.deep.equal([]);
  });

  it('when counts are turned into points then share = watched / plays and ratio = views / plays, null without plays', () => {
    const points = watchPoints({ plays: 4, watched: [4, 2], views: [5, 2] }, null);
    expect(points).to.deep.equal([
      { second: 0, watched: 4, views: 5, share: 1, ratio: 1.25 },
      { second: 1, watched: 2, views: 2, share: 0.5, ratio: 0.5 },
    ]);
    expect(watchPoints({ plays: 0, watched: [], views: [] }, 2)).to.deep.equal([
      { second: 0, watched: 0, views: 0, share: null, ratio: null },
      { second: 1, watched: 0, views: 0, share: null, ratio: null },
    ]);
  });

  it('when the duration outlasts what was watched then the listed seconds run to its last second, never past 4 h', () => {
    expect(watchPoints({ plays: 1, watched: [1], views: [1] }, 3.2).map((p) => p.watched)).to.deep.equal([1, 0, 0, 0]);
    expect(watchPoints({ plays: 1, watched: [1], views: [1] }, 86_400)).to.have.length(MAX_WATCH_CURVE_SECONDS);
  });

  it('when the duration is 7.5 s then percent p samples second floor(p × 7.5 / 100), 100 % the last second, and no duration gives none', () => {
    const counts = { plays: 2, watched: [2, 2, 2, 2, 1, 1, 1, 1], views: [2, 2, 2, 2, 1, 1, 1, 1] };
    const points = percentPoints(counts, 7.5);
    expect(points).to.have.length(101);
    expect([0, 13, 14, 50, 99, 100].map((p) => points[p]!.second)).to.deep.equal([0, 0, 1, 3, 7, 7]);
    expect(points[60]).to.deep.equal({ percent: 60, second: 4, watched: 1, views: 1, share: 0.5, ratio: 0.5 });
    expect(percentPoints(counts, null)).to.deep.equal([]);
  });

  it('when the share first falls to one half then that second is the drop-off; above one half throughout there is none', () => {
    const at = (shares: (number | null)[]) => shares.map((share, second) => ({ second, watched: 0, views: 0, share, ratio: share }));
    expect(dropOff(at([1, 0.75, 0.5, 0.25]))).to.deep.equal({ second: 2, share: 0.5 });
    expect(dropOff(at([1, 0.51]))).to.equal(null);
    expect(dropOff(at([null, null]))).to.equal(null);
  });

  it('when players reported several durations then the commonest wins, ties going to the longer', () => {
    expect(commonestDuration([{ seconds: 10, count: 2 }, { seconds: 10.2, count: 1 }])).to.equal(10);
    expect(commonestDuration([{ seconds: 10, count: 2 }, { seconds: 12, count: 2 }])).to.equal(12);
    expect(commonestDuration([])).to.equal(null);
  });
});
