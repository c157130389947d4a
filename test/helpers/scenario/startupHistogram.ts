/**
 * The startup-time histogram as the README's "Playback quality" documents it, written again
 * for the oracle (the product's copy is not imported): buckets over the fixed edges below, the
 * last one open; a percentile is read from a range's summed buckets at rank p·n, interpolated
 * linearly inside its bucket, and in the open bucket it is the bucket's lower edge.
 */
export const STARTUP_BUCKETS = [0, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 8000, 13000] as const;

/** The bucket index of a startup time: the last edge at or below it. */
export function startupBucket(ms: number): number {
  let i = 0;
  while (i + 1 < STARTUP_BUCKETS.length && STARTUP_BUCKETS[i + 1]! <= ms) i++;
  return i;
}

/** The p-quantile in whole ms of the counted startup times, or null without any. */
export function startupQuantile(counts: readonly number[], p: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = p * n;
  let below = 0;
  for (const [i, count] of counts.entries()) {
    if (count > 0 && below + count >= rank) {
      const lo = STARTUP_BUCKETS[i]!;
      const hi = STARTUP_BUCKETS[i + 1];
      return hi === undefined ? lo : Math.round(lo + ((hi - lo) * (rank - below)) / count);
    }
    below += count;
  }
  throw new Error('unreachable: the rank is at most the count');
}
