import { expect } from 'chai';
import { STARTUP_EDGES_MS, startupPercentile } from '../../../shared/playback/startupHistogram.js';

/** Counts with `n` in bucket `i` for each [i, n] given. */
function hist(...entries: [number, number][]): number[] {
  const counts: number[] = STARTUP_EDGES_MS.map(() => 0);
  for (const [i, n] of entries) counts[i] = n;
  return counts;
}

describe('startup histogram percentiles', () => {
  it('when there are no startup times then every percentile is null', () => {
    expect(startupPercentile(hist(), 0.5)).to.equal(null);
  });

  it('when two times share the bucket [100, 250) then the median is interpolated halfway: rank 1 of 2', () => {
    expect(startupPercentile(hist([1, 2]), 0.5)).to.equal(175);
    // rank 1.9 of 2: 95 % of the way into the bucket, 242.5 rounded.
    expect(startupPercentile(hist([1, 2]), 0.95)).to.equal(243);
  });

  it('when the rank ends exactly at a bucket top then the answer is that top edge, not the next bucket', () => {
    // [0,100) 1, [250,500) 1, [1000,1500) 1, [1500,2000) 1: rank 2 is the top of [250,500).
    expect(startupPercentile(hist([0, 1], [2, 1], [5, 1], [6, 1]), 0.5)).to.equal(500);
    expect(startupPercentile(hist([0, 1], [2, 1], [5, 1], [6, 1]), 0.95)).to.equal(1900);
  });

  it('when the quantile falls in the open last bucket then its lower edge, 13000, is the answer', () => {
    expect(startupPercentile(hist([0, 9], [11, 1]), 0.95)).to.equal(13_000);
    expect(startupPercentile(hist([0, 9], [11, 1]), 0.5)).to.equal(56);
  });

  it('when days are summed bucket by bucket then the range percentile is read from the sums, not averaged', () => {
    const monday = hist([1, 10]);
    const tuesday = hist([8, 10]);
    const range = monday.map((c, i) => c + (tuesday[i] ?? 0));
    // Rank 10 of 20 ends the [100,250) bucket; the mean of daily medians would be 2,087.5.
    expect(startupPercentile(range, 0.5)).to.equal(250);
  });

  it('when the counts or the quantile are malformed then it throws rather than guessing', () => {
    expect(() => startupPercentile([1, 2], 0.5)).to.throw(RangeError);
    expect(() => startupPercentile(hist([1, 1]), 0)).to.throw(RangeError);
    expect(() => startupPercentile(hist([1, 1]), 1.5)).to.throw(RangeError);
  });
});
