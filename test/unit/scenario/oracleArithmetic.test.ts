import { expect } from 'chai';
import { PINNED_BUCKETS } from '../../helpers/holdoutBuckets.js';
import { bucketOf, newcombeInterval, wilsonInterval } from '../../helpers/scenario/holdoutMath.js';
import { startupBucket, startupQuantile, STARTUP_BUCKETS } from '../../helpers/scenario/startupHistogram.js';

/** The scenario oracle's own arithmetic (it shares no code with the product) against published and hand-computed values. */

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const interval = (x1: number, n1: number, x2: number, n2: number) => {
  const d = newcombeInterval(x1, n1, x2, n2);
  return [r4(d.difference), r4(d.lower), r4(d.upper)];
};
const histogram = (...ms: number[]) => {
  const counts = STARTUP_BUCKETS.map(() => 0);
  for (const m of ms) counts[startupBucket(m)]! += 1;
  return counts;
};

describe("the scenario oracle's arithmetic", () => {
  it('when a pinned salt and visitor are hashed then the oracle gives the pinned bucket', () => {
    for (const [salt, visitorId, bucket] of PINNED_BUCKETS) expect(bucketOf(salt, visitorId), visitorId).to.equal(bucket);
  });

  it("when Newcombe's examples are computed then they match his table to 4 decimals", () => {
    expect(interval(56, 70, 48, 80)).to.deep.equal([0.2, 0.0524, 0.3339]);
    expect(interval(9, 10, 3, 10)).to.deep.equal([0.6, 0.1705, 0.809]);
    expect(interval(5, 56, 0, 29)).to.deep.equal([0.0893, -0.0381, 0.1926]);
    expect(interval(10, 10, 0, 20)).to.deep.equal([1, 0.6791, 1]);
  });

  it('when nobody of 10 converts then the Wilson interval is 0 to z²/(n+z²) = 0.2775', () => {
    expect(wilsonInterval(0, 10).map(r4)).to.deep.equal([0, 0.2775]);
  });

  it('when startup times are 1200, 1300 and 1700 ms then p50 is 1375 and p95 1925 (interpolated at rank p·n)', () => {
    // Two in [1000, 1500), one in [1500, 2000): p50 rank 1.5 → 1000 + 500 × 1.5/2; p95 rank 2.85 → 1500 + 500 × 0.85.
    expect(startupQuantile(histogram(1200, 1300, 1700), 0.5)).to.equal(1375);
    expect(startupQuantile(histogram(1200, 1300, 1700), 0.95)).to.equal(1925);
  });

  it('when a percentile falls in the open bucket then it is 13000; an edge belongs to the bucket above it; none is null', () => {
    expect(startupQuantile(histogram(40, 20_000), 0.95)).to.equal(13_000);
    expect(startupBucket(100)).to.equal(1);
    expect(startupBucket(99)).to.equal(0);
    expect(startupQuantile(histogram(), 0.5)).to.equal(null);
  });
});
