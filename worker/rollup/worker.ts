import { DelayedError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { parseRollupJobData, ROLLUP_JOB_RETENTION, ROLLUP_QUEUE, type RollupJobData } from '../../shared/queue/rollupJob.js';
import { recordRollupFailure, type RetryBackoff } from '../../shared/rollup/failures.js';
import { describeError, isTransient } from '../errors.js';
import { queueName } from '../../shared/queue/shards.js';
import { rollupDay, RollupLockBusy, type RollupOptions, type RollupResult } from './rollupDay.js';

export interface RollupWorkerOptions {
  connection: RedisClient;
  pool: pg.Pool;
  prefix: string;
  concurrency: number;
  lockMs: number;
  stalledIntervalMs: number;
  maxStalled: number;
  /** Which conversion rules take part and how many distinct keys a day keeps apart. */
  day: Required<Pick<RollupOptions, 'ruleLimits' | 'caps'>>;
  /** Backoff of a project-day whose rollup failed on its data. */
  retry: RetryBackoff;
  /**
   * Told how long each completed rollup took (shared/telemetry/rollupDurations.ts); never
   * awaited by the job: a metric that cannot be written must not fail or slow a rollup.
   */
  recordDuration?: (ms: number) => Promise<void>;
  log: Logger;
}

/**
 * A job whose project lock is busy comes back after 1 s, then 2, 4 … up to 30 s: the holder is
 * usually another day of the same project, done in seconds, sometimes a rebuild of many days.
 */
export function lockRetryDelayMs(busyTimes: number): number {
  return Math.min(1000 * 2 ** Math.min(Math.max(busyTimes - 1, 0), 5), 30_000);
}

/**
 * A BullMQ consumer of ROLLUP_QUEUE; each job runs `rollupDay` for its (project, day).
 *
 * - It never waits for the project's rollup lock inside a worker slot: when the lock is held
 *   the job is delayed (not completed, not failed) and the slot goes to the next job. It stays
 *   the day's one pending job, so the clock adds no copy meanwhile, and every completed job is
 *   one rollup that ran.
 * - A failure that is not transient (the day's data breaks the rollup) is recorded in
 *   `rollup_failures` with its backoff, which the clock respects; the job fails. Transient
 *   failures (connection lost, PostgreSQL down, deadlock, serialization) just fail the job, and
 *   the clock enqueues the day again at the next tick.
 */
export function startRollupWorker(options: RollupWorkerOptions): Worker<unknown, RollupResult> {
  const { pool, log } = options;
  const run = async (job: Job<unknown, RollupResult>, token: string | undefined): Promise<RollupResult> => {
    const data = parsedOrLogged(job, log);
    const day = { projectId: data.projectId, day: data.day };
    const started = Date.now();
    try {
      const result = await rollupDay(pool, data.projectId, data.day, { ...options.day, lock: 'try' });
      options.recordDuration?.(Date.now() - started).catch((err: unknown) => log.debug({ err }, 'could not record a rollup duration'));
      if (result.pruned) log.info({ ...day, firstKeptDay: result.pruned.firstKeptDay }, 'day before the first complete day left as it is: retention deleted its raw events');
      else log.debug({ ...day, seq: result.seq, ms: Date.now() - started }, 'rolled up day');
      return result;
    } catch (err) {
      if (err instanceof RollupLockBusy && token !== undefined) {
        const delayMs = lockRetryDelayMs(job.attemptsStarted);
        await job.moveToDelayed(Date.now() + delayMs, token);
        log.debug({ ...day, delayMs }, 'project rollup lock busy; job delayed');
        throw new DelayedError();
      }
      if (isTransient(err)) {
        log.warn({ err, ...day }, 'rollup failed on a transient error; the clock enqueues the day again');
        throw err;
      }
      const recorded = await recordRollupFailure(pool, { ...day, error: describeError(err) }, options.retry).catch((e: unknown) => {
        log.error({ err: e, ...day }, 'could not record a rollup failure; the clock enqueues the day again');
      });
      if (recorded) log.error({ err, ...day, ...recorded }, 'rollup failed on its data; the day is backed off');
      throw err;
    }
  };
  const worker = new Worker<unknown, RollupResult>(queueName(ROLLUP_QUEUE, options.connection.isCluster), run, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalled,
    ...ROLLUP_JOB_RETENTION,
  });
  worker.on('error', (err) => log.error({ err }, 'rollup worker error'));
  return worker;
}

function parsedOrLogged(job: Job, log: Logger): RollupJobData {
  try {
    return parseRollupJobData(job.data);
  } catch (err) {
    log.error({ err, jobId: job.id }, 'rollup job refused');
    throw err;
  }
}
