import { expect } from 'chai';
import { offsetText } from '../../../api/stats/reports/site.js';
import { bucketOf, medianBucket } from '../../../shared/rollup/timeBuckets.js';

describe('time on page buckets and medians', () => {
  it('when times are bucketed then buckets are 1 s below 60 s, 5 s below 10 min, 60 s below 1 h and 10 min up to 24 h', () => {
    expect([0, 999, 59_999, 60_000, 64_999, 599_999, 600_000, 3_599_999, 3_600_000, 4_199_999, 86_400_000].map(bucketOf)).to.deep.equal([
      0, 0, 59, 60, 60, 595, 600, 3540, 3600, 3600, 86_400,
    ]);
  });

  it('when a histogram is given then the median is the lower bound of the bucket holding the lower median, null when empty', () => {
    expect(medianBucket([])).to.equal(null);
    expect(medianBucket([{ bucket: 120, views: 1 }, { bucket: 45, views: 1 }])).to.equal(45);
    expect(medianBucket([{ bucket: 10, views: 1 }, { bucket: 20, views: 2 }, { bucket: 30, views: 1 }])).to.equal(20);
    expect(medianBucket([{ bucket: 600, views: 3 }, { bucket: 5, views: 2 }])).to.equal(600);
  });

  it('when an offset is formatted then it has a sign, hours and minutes', () => {
    expect([-18_000, -14_400, 0, 19_800, 20_700].map(offsetText)).to.deep.equal(['-05:00', '-04:00', '+00:00', '+05:30', '+05:45']);
  });
});
