import type { RedisClient } from '../queue/redisClient.js';

/**
 * How long rollups take, kept in Redis rather than in the worker's memory: workers are not
 * reachable on every platform (only web dynos are, on Heroku), and several worker processes
 * must add up to one histogram. Each worker adds a finished rollup to one hash under the queue
 * prefix; the web process's `/metrics` reads it back as a Prometheus histogram. Counts are
 * integers (HINCRBY), the sum is whole milliseconds, so the figures are exact and never drift.
 */

/** Upper bounds in seconds: a small project-day takes well under a second, a large one minutes. */
export const ROLLUP_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

export function rollupDurationsKey(prefix: string): string {
  return `${prefix}:telemetry:rollup-durations`;
}

/** The field of the one bucket a duration falls in (not cumulative: the reader adds them up). */
export function bucketField(seconds: number): string {
  const le = ROLLUP_DURATION_BUCKETS.find((b) => seconds <= b);
  return le === undefined ? 'le:+Inf' : `le:${le}`;
}

/** One round trip; MULTI so a reader never sees the count without its bucket. */
export async function recordRollupDuration(redis: RedisClient, prefix: string, ms: number): Promise<void> {
  const key = rollupDurationsKey(prefix);
  const wholeMs = Math.max(0, Math.round(ms));
  await redis.multi().hincrby(key, bucketField(wholeMs / 1000), 1).hincrby(key, 'count', 1).hincrby(key, 'sum_ms', wholeMs).exec();
}

export interface DurationHistogram {
  /** Cumulative, one per bound of ROLLUP_DURATION_BUCKETS, then +Inf (= count). */
  buckets: { le: string; count: number }[];
  count: number;
  sumSeconds: number;
}

export async function readRollupDurations(redis: RedisClient, prefix: string): Promise<DurationHistogram> {
  const hash = await redis.hgetall(rollupDurationsKey(prefix));
  const num = (field: string) => Number(hash[field] ?? 0) || 0;
  let running = 0;
  const buckets = ROLLUP_DURATION_BUCKETS.map((le) => {
    running += num(`le:${le}`);
    return { le: String(le), count: running };
  });
  const count = num('count');
  buckets.push({ le: '+Inf', count });
  return { buckets, count, sumSeconds: num('sum_ms') / 1000 };
}
