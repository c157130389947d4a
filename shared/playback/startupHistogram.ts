/**
 * Startup time (play intent to first frame) is kept per day as counts over fixed buckets,
 * because percentiles do not add: summing the counts of any range of days and reading the
 * percentile from the sums is exact to the bucket. Bucket i holds [edge i, edge i+1) ms; the
 * last one is open ([13000 ms, ∞)). The edges follow what viewers feel: fine below a second,
 * coarse past the point where most have given up. Changing them invalidates stored rows.
 */
export const STARTUP_EDGES_MS = [0, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 8000, 13000] as const;

/**
 * The p-quantile (0 < p ≤ 1) of the counted startup times, in whole ms, or null without any.
 * Within a bucket the values are taken as spread evenly, so the answer is interpolated between
 * its edges (rank p·n, the continuous convention); in the open last bucket the answer is its
 * lower edge, 13000, read as "at least".
 */
export function startupPercentile(counts: readonly number[], p: number): number | null {
  if (counts.length !== STARTUP_EDGES_MS.length) throw new RangeError(`expected ${STARTUP_EDGES_MS.length} bucket counts, got ${counts.length}`);
  if (!(p > 0 && p <= 1)) throw new RangeError(`not a quantile in (0, 1]: ${p}`);
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return null;
  const rank = p * total;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && before + count >= rank) {
      const lo = STARTUP_EDGES_MS[i] ?? 0;
      const hi = STARTUP_EDGES_MS[i + 1];
      if (hi === undefined) return lo;
      return Math.round(lo + ((hi - lo) * (rank - before)) / count);
    }
    before += count;
  }
  return STARTUP_EDGES_MS[STARTUP_EDGES_MS.length - 1] ?? null;
}
