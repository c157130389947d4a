import { DelayedError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { JOURNEY_QUEUE, parseJourneyJobData } from '../../shared/queue/journeyJob.js';
import { ingestQueueFor, queueName } from '../../shared/queue/shards.js';
import { isUuid } from '../../shared/ids.js';
import { isTransient } from '../errors.js';
import { freezeJourney, type FreezeResult } from './freeze.js';
import { hasIngestJobsAtOrBelow } from './ingestBacklog.js';

export interface JourneyWorkerOptions {
  /** The worker's own (blocking) connection. */
  connection: RedisClient;
  /** A plain connection for looking at the ingest queue. */
  redis: RedisClient;
  pool: pg.Pool;
  prefix: string;
  lockMs: number;
  stalledIntervalMs: number;
  maxStalled: number;
  lookbackMs: number;
  /** Past this since the promote, a journey is frozen even with older ingest jobs queued: `partial`. */
  maxWaitMs: number;
  /** QUEUE_SHARDS: which ingest queue holds a project's jobs. Absent: one. */
  layout?: { shards: number };
  log: Logger;
}

/**
 * A journey whose freeze failed on every attempt says so instead of staying pending forever; it
 * keeps the copies of the events the page sent with the promote.
 */
const MARK_FAILED = `update journeys j set state = 'failed', frozen_at = now(),
    event_count = (select count(*) from journey_events e where e.project_id = j.project_id and e.journey_id = j.id)
  where j.project_id = $2 and j.id = $1 and j.state = 'pending'`;

/** The journey a job was for, read defensively: the failure may be that its data did not parse. */
function journeyOf(data: unknown): { journeyId: string; projectId: string } | undefined {
  const { journeyId, projectId } = (data ?? {}) as { journeyId?: unknown; projectId?: unknown };
  return typeof journeyId === 'string' && isUuid(journeyId) && typeof projectId === 'string' && isUuid(projectId)
    ? { journeyId, projectId }
    : undefined;
}

/** Freezes are short and rare next to event writes; a few at once are plenty. */
const JOURNEY_CONCURRENCY = 4;

/**
 * A journey waits for the ingest jobs before it at 100 ms, then 200, 400 … up to 2 s: the jobs of
 * a request just before the promote usually commit within a batcher flush, and a backlog of
 * minutes should not be asked about many times a second.
 */
export function freezeRetryDelayMs(looks: number): number {
  return Math.min(100 * 2 ** Math.min(Math.max(looks - 1, 0), 5), 2000);
}

/**
 * The consumer of JOURNEY_QUEUE. A journey is frozen only once every ingest job queued before
 * its promote has been stored; until then its job is delayed (never holding a worker slot to
 * wait). A lost connection delays it too, without spending its attempts.
 */
export function startJourneyWorker(options: JourneyWorkerOptions): Worker<unknown, FreezeResult> {
  const { pool, log } = options;
  const run = async (job: Job<unknown, FreezeResult>, token: string | undefined): Promise<FreezeResult> => {
    const data = parseJourneyJobData(job.data);
    const later = async (delayMs: number): Promise<never> => {
      if (token === undefined) throw new Error('a journey job without a lock token cannot be delayed');
      await job.moveToDelayed(Date.now() + delayMs, token);
      throw new DelayedError();
    };
    try {
      const shard = ingestQueueFor(data.projectId, options.layout?.shards ?? 1, options.connection.isCluster);
      const waiting = await hasIngestJobsAtOrBelow(options.redis, options.prefix, data.ingestMark, shard);
      const overdue = Date.now() - data.promotedAt >= options.maxWaitMs;
      if (waiting && !overdue) return await later(freezeRetryDelayMs(job.attemptsStarted));
      const result = await freezeJourney(pool, data, options.lookbackMs, waiting ? 'partial' : 'ready');
      if (waiting) log.warn({ journeyId: data.journeyId, maxWaitMs: options.maxWaitMs }, 'journey frozen before the ingest jobs queued ahead of it were stored: partial');
      else log.debug({ journeyId: data.journeyId, copied: result.copied }, 'journey frozen');
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (isTransient(err)) {
        log.warn({ err, journeyId: data.journeyId }, 'journey freeze met a transient error; retrying');
        return later(freezeRetryDelayMs(job.attemptsStarted));
      }
      throw err;
    }
  };
  const worker = new Worker<unknown, FreezeResult>(queueName(JOURNEY_QUEUE, options.connection.isCluster), run, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: JOURNEY_CONCURRENCY,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalled,
  });
  worker.on('error', (err) => log.error({ err }, 'journey worker error'));
  worker.on('failed', (job, err) => {
    if (job === undefined || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const journey = journeyOf(job.data);
    const journeyId = journey?.journeyId;
    log.error({ err, journeyId }, 'journey freeze failed on every attempt');
    if (journey === undefined) return;
    pool.query(MARK_FAILED, [journey.journeyId, journey.projectId]).catch((markErr: unknown) => log.error({ err: markErr, journeyId }, 'could not mark the journey failed'));
  });
  return worker;
}
