import { once } from 'node:events';
import { Worker } from 'bullmq';
import type { Config } from '../shared/config.js';
import { createPool } from '../shared/db/pool.js';
import { workerPoolSizes } from '../shared/db/poolBudget.js';
import type { Running } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { createRedis } from '../shared/queue/connection.js';
import { shardLayout } from '../shared/queue/shards.js';
import { checkRedisSafety } from '../shared/queue/redisSafety.js';
import { closeRedis, Resources, withTimeout } from '../shared/resources.js';
import { recordRollupDuration } from '../shared/telemetry/rollupDurations.js';
import { DeadLetterSink } from './deadLetterSink.js';
import { copyFailedJob } from './failedJobs.js';
import { Batcher } from './persist/batcher.js';
import { EventStore, type PendingEvent } from './persist/eventStore.js';
import { EventWriter } from './persist/eventWriter.js';
import type { FreezeResult } from './journeys/freeze.js';
import { startJourneyWorker } from './journeys/worker.js';
import { IngestProcessor } from './processor.js';
import { startIngestWorkers } from './ingestWorkers.js';
import { RealtimeRecorder } from './realtime/RealtimeRecorder.js';
import { startMaintenanceWorker } from './maintenance/worker.js';
import { startRollupWorker } from './rollup/worker.js';

export interface RunningWorker extends Running {
  /** Exposed for tests and metrics: `writer.transactions` counts committed writes. */
  readonly writer: EventWriter;
  /** The first ingest shard's consumer (the only one with QUEUE_SHARDS=1). */
  readonly worker: Worker<unknown, void>;
  /** Every ingest consumer: one per shard, then those draining queues of an earlier QUEUE_SHARDS. */
  readonly ingestWorkers: Worker<unknown, void>[];
  /** Consumes ROLLUP_QUEUE: one job replaces one (project, day) of the daily tables. */
  readonly rollupWorker: Worker<unknown, { seq: number }>;
  /** Consumes MAINTENANCE_QUEUE, one job at a time: erasures and project deletions. */
  readonly maintenanceWorker: Worker<unknown, void>;
  /** Consumes JOURNEY_QUEUE: freezes a promoted journey once the events before it are stored. */
  readonly journeyWorker: Worker<unknown, FreezeResult>;
}

/**
 * The ingest consumer. Events of concurrently active jobs share one transaction; each
 * job completes after its rows commit, and is removed at once so Redis stays flat.
 * Closing (or a failed start) stops the consumers first, then flushes, then the connections.
 */
export async function startWorker(config: Config, log: Logger): Promise<RunningWorker> {
  const resources = new Resources(log);
  return resources.start(async () => {
    const pools = workerPoolSizes(config.database.poolMax, config.rollup.concurrency);
    const connection = resources.add('worker Redis', createRedis(config, 'worker'), closeRedis);
    const pool = resources.add('pool', createPool(config, pools.ingest), (p) => p.end());
    await withTimeout(checkRedisSafety(connection, log), config.redis.startTimeoutMs, 'Redis did not answer at start');

    // Its own connection: the BullMQ worker's blocks, and a realtime write must not wait behind it.
    const realtimeRedis = resources.add('realtime Redis', createRedis(config, 'realtime'), closeRedis);
    realtimeRedis.on('error', (err: Error) => log.debug({ err }, 'realtime Redis error'));
    // Without an offline queue, a batch before the connection is up would miss the live figures.
    if (realtimeRedis.status !== 'ready') await withTimeout(once(realtimeRedis, 'ready'), config.redis.startTimeoutMs, 'realtime Redis did not answer at start').catch((err: unknown) => log.warn({ err }, 'realtime Redis not ready; live figures wait for it'));
    const realtime = new RealtimeRecorder(realtimeRedis, {
      prefix: config.redis.prefix,
      maxMembersPerMinute: config.realtime.maxMembersPerMinute,
      memoryShare: config.realtime.redisMemoryShare,
      log,
    });
    await withTimeout(realtime.warmUp(), config.redis.startTimeoutMs, 'realtime memory check did not answer at start').catch((err: unknown) => log.warn({ err }, 'realtime memory check failed at start; live figures wait for it'));
    const writer = new EventWriter(pool, realtime);
    const deadLetters = new DeadLetterSink(pool, log, config.worker.retryBackoffMaxMs);
    const store = new EventStore({ writer, deadLetters, log, retryBackoffMaxMs: config.worker.retryBackoffMaxMs });
    const batcher = new Batcher<PendingEvent>({
      maxEvents: config.worker.batchMaxEvents,
      flushMs: config.worker.flushMs,
      flush: (items) => store.persist(items),
    });
    resources.defer('batcher', () => batcher.close());
    const processor = new IngestProcessor({ batcher, deadLetters, maxEventAgeMs: config.ingest.maxEventAgeMs, log });

    // Closed before the batcher: closing finishes the active jobs, whose promises wait for its
    // flushes. A worker that never got ready has no job to finish, and waiting for its blocking
    // connection (Redis not answering) would hang: it is closed by force.
    let ready = false;
    const ingest = await withTimeout(
      startIngestWorkers({
        connection,
        prefix: config.redis.prefix,
        layout: shardLayout(config),
        concurrency: config.worker.concurrency,
        process: (job) => processor.process(job),
        options: {
          lockDuration: config.worker.lockMs,
          stalledInterval: config.worker.stalledIntervalMs,
          maxStalledCount: config.worker.maxStalled,
          removeOnComplete: { count: 0 },
          // removeOnFail unset: a failed job stays in Redis as well as in dead_letters.
        },
        log,
      }),
      config.redis.startTimeoutMs,
      'Redis did not answer at start',
    );
    const ingestWorkers = [...ingest.shards, ...ingest.former];
    for (const w of ingestWorkers) {
      resources.add(`ingest worker ${w.name}`, w, (x) => x.close(!ready));
      w.on('error', (err) => log.error({ err }, 'worker error'));
      w.on('failed', (job, err) => void copyFailedJob(job, err, deadLetters, log));
    }
    await withTimeout(Promise.all(ingestWorkers.map((w) => w.waitUntilReady())), config.redis.startTimeoutMs, 'Redis did not answer at start');
    const worker = ingest.shards[0] as Worker<unknown, void>;

    // Rollups get their own Redis connection (a blocking worker connection is not shared) and
    // their own small pool: each job holds a connection for its lock and transaction, and must
    // not starve the event writes.
    const rollupConnection = resources.add('rollup Redis', createRedis(config, 'worker'), closeRedis);
    const rollupPool = resources.add('rollup pool', createPool(config, pools.rollup), (p) => p.end());
    const rollupWorker = resources.add(
      'rollup worker',
      startRollupWorker({
        connection: rollupConnection,
        pool: rollupPool,
        prefix: config.redis.prefix,
        concurrency: config.rollup.concurrency,
        lockMs: config.worker.lockMs,
        stalledIntervalMs: config.worker.stalledIntervalMs,
        maxStalled: config.worker.maxStalled,
        day: { ruleLimits: config.rules, caps: config.rollup.caps },
        retry: { baseMs: config.rollup.retryBaseMs, maxMs: config.rollup.retryMaxMs },
        recordDuration: (ms) => recordRollupDuration(rollupConnection, config.redis.prefix, ms),
        log,
      }),
      (w) => w.close(!ready),
    );
    await withTimeout(rollupWorker.waitUntilReady(), config.redis.startTimeoutMs, 'Redis did not answer at start');

    // One job at a time, on two connections of its own: one holds a day's rollup lock, the
    // other serves the deletes and progress writes around it.
    const maintenanceConnection = resources.add('maintenance Redis', createRedis(config, 'worker'), closeRedis);
    const maintenancePool = resources.add('maintenance pool', createPool(config, pools.maintenance), (p) => p.end());
    const maintenanceWorker = resources.add(
      'maintenance worker',
      startMaintenanceWorker({
        connection: maintenanceConnection,
        pool: maintenancePool,
        prefix: config.redis.prefix,
        lockMs: config.worker.lockMs,
        stalledIntervalMs: config.worker.stalledIntervalMs,
        maxStalled: config.worker.maxStalled,
        reroll: { ruleLimits: config.rules, caps: config.rollup.caps },
        log,
      }),
      // Not waited for: a job may run for minutes, and every step of it is safe to run again,
      // so the next worker resumes it once its lock lapses.
      (w) => w.close(true),
    );
    await withTimeout(maintenanceWorker.waitUntilReady(), config.redis.startTimeoutMs, 'Redis did not answer at start');

    // Freezes share the event writes' pool: one short transaction per promoted journey.
    const journeyConnection = resources.add('journey Redis', createRedis(config, 'worker'), closeRedis);
    const journeyLookups = resources.add('journey lookup Redis', createRedis(config, 'plain'), closeRedis);
    journeyLookups.on('error', (err: Error) => log.debug({ err }, 'journey lookup Redis error'));
    const journeyWorker = resources.add(
      'journey worker',
      startJourneyWorker({
        connection: journeyConnection,
        redis: journeyLookups,
        pool,
        prefix: config.redis.prefix,
        lockMs: config.worker.lockMs,
        stalledIntervalMs: config.worker.stalledIntervalMs,
        maxStalled: config.worker.maxStalled,
        lookbackMs: config.journeys.lookbackMs,
        layout: shardLayout(config),
        maxWaitMs: config.journeys.freezeMaxWaitMs,
        log,
      }),
      (w) => w.close(!ready),
    );
    await withTimeout(journeyWorker.waitUntilReady(), config.redis.startTimeoutMs, 'Redis did not answer at start');
    ready = true;

    return { writer, worker, ingestWorkers, rollupWorker, maintenanceWorker, journeyWorker, close: () => resources.closeAll() };
  });
}
