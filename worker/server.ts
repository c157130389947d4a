import { Worker } from 'bullmq';
import type { Config } from '../shared/config.js';
import { createPool } from '../shared/db/pool.js';
import type { Running } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { createRedis } from '../shared/queue/connection.js';
import { INGEST_QUEUE } from '../shared/queue/contract.js';
import { checkRedisSafety } from '../shared/queue/redisSafety.js';
import { DeadLetterSink } from './deadLetterSink.js';
import { copyFailedJob } from './failedJobs.js';
import { Batcher } from './persist/batcher.js';
import { EventStore, type PendingEvent } from './persist/eventStore.js';
import { EventWriter } from './persist/eventWriter.js';
import { IngestProcessor } from './processor.js';
import { startRollupWorker } from './rollup/worker.js';

export interface RunningWorker extends Running {
  /** Exposed for tests and metrics: `writer.transactions` counts committed writes. */
  readonly writer: EventWriter;
  readonly worker: Worker<unknown, void>;
  /** Consumes ROLLUP_QUEUE: one job replaces one (project, day) of the daily tables. */
  readonly rollupWorker: Worker<unknown, { seq: number }>;
}

/**
 * The ingest consumer. Events of concurrently active jobs share one transaction; each
 * job completes after its rows commit, and is removed at once so Redis stays flat.
 */
export async function startWorker(config: Config, log: Logger): Promise<RunningWorker> {
  const connection = createRedis(config, 'worker');
  const pool = createPool(config);
  try {
    await checkRedisSafety(connection, log);
  } catch (err) {
    connection.disconnect();
    await pool.end();
    throw err;
  }

  const writer = new EventWriter(pool);
  const deadLetters = new DeadLetterSink(pool, log, config.worker.retryBackoffMaxMs);
  const store = new EventStore({ writer, deadLetters, log, retryBackoffMaxMs: config.worker.retryBackoffMaxMs });
  const batcher = new Batcher<PendingEvent>({
    maxEvents: config.worker.batchMaxEvents,
    flushMs: config.worker.flushMs,
    flush: (items) => store.persist(items),
  });
  const processor = new IngestProcessor({ batcher, deadLetters, maxEventAgeMs: config.ingest.maxEventAgeMs, log });

  const worker = new Worker<unknown, void>(INGEST_QUEUE, (job) => processor.process(job), {
    connection,
    prefix: config.redis.prefix,
    concurrency: config.worker.concurrency,
    lockDuration: config.worker.lockMs,
    stalledInterval: config.worker.stalledIntervalMs,
    maxStalledCount: config.worker.maxStalled,
    removeOnComplete: { count: 0 },
    // removeOnFail unset: a failed job stays in Redis as well as in dead_letters.
  });
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  worker.on('failed', (job, err) => void copyFailedJob(job, err, deadLetters, log));
  await worker.waitUntilReady();

  // Rollups get their own Redis connection (a blocking worker connection is not shared) and
  // their own small pool: each job holds a connection for its lock and transaction, and must
  // not starve the event writes.
  const rollupConnection = createRedis(config, 'worker');
  const rollupPool = createPool(config, config.rollup.concurrency + 1);
  const rollupWorker = startRollupWorker({
    connection: rollupConnection,
    pool: rollupPool,
    prefix: config.redis.prefix,
    concurrency: config.rollup.concurrency,
    lockMs: config.worker.lockMs,
    stalledIntervalMs: config.worker.stalledIntervalMs,
    maxStalled: config.worker.maxStalled,
    retry: { baseMs: config.rollup.retryBaseMs, maxMs: config.rollup.retryMaxMs },
    log,
  });
  await rollupWorker.waitUntilReady();

  return {
    writer,
    worker,
    rollupWorker,
    close: async () => {
      // Finishes the active jobs, whose promises wait for the batcher's flushes.
      await Promise.all([worker.close(), rollupWorker.close()]);
      await batcher.close();
      for (const c of [connection, rollupConnection]) if (c.status !== 'end') await c.quit().catch(() => undefined);
      await Promise.all([pool.end(), rollupPool.end()]);
    },
  };
}
