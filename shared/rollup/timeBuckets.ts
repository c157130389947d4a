/**
 * Time on page is kept per (day, page, bot flag) as a histogram of whole seconds in fixed
 * buckets, so a median over any range is one sum of histograms: 1 s below 60 s, 5 s below
 * 10 min, 60 s below 1 h, 10 min up to 24 h. A bucket is named by its lower bound, and a
 * median is reported as the lower bound of the bucket that holds the lower median (so it is
 * at most one bucket width below the exact median). The rollup writes buckets with the SQL
 * form, the stats API reads medians with the TypeScript one.
 */

/** The histogram bucket (its lower bound in whole seconds) of a time in ms, as SQL. */
export function bucketSql(ms: string): string {
  const s = `(${ms} / 1000)`;
  return `(case when ${s} < 60 then ${s} when ${s} < 600 then ${s} - ${s} % 5
    when ${s} < 3600 then ${s} - ${s} % 60 else ${s} - ${s} % 600 end)::int`;
}

/** The same bucket in TypeScript (tests and documentation share one definition). */
export function bucketOf(ms: number): number {
  const s = Math.floor(ms / 1000);
  if (s < 60) return s;
  if (s < 600) return s - (s % 5);
  if (s < 3600) return s - (s % 60);
  return s - (s % 600);
}

/**
 * The median's bucket from (bucket, views) pairs: the lower bound of the bucket that holds the
 * lower median (the ⌈n/2⌉-th smallest); null when there is no timed view.
 */
export function medianBucket(histogram: readonly { bucket: number; views: number }[]): number | null {
  const total = histogram.reduce((sum, h) => sum + h.views, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const h of [...histogram].sort((a, b) => a.bucket - b.bucket)) {
    seen += h.views;
    if (seen >= rank) return h.bucket;
  }
  return null;
}
