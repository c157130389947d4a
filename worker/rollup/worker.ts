import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { parseRollupJobData, ROLLUP_JOB_RETENTION, ROLLUP_QUEUE } from '../../shared/queue/rollupJob.js';
import { rollupDay, type RollupResult } from './rollupDay.js';

export interface RollupWorkerOptions {
  connection: Redis;
  pool: pg.Pool;
  prefix: string;
  concurrency: number;
  lockMs: number;
  stalledIntervalMs: number;
  maxStalled: number;
  log: Logger;
}

/** A BullMQ consumer of ROLLUP_QUEUE; each job runs `rollupDay` for its (project, day). */
export function startRollupWorker(options: RollupWorkerOptions): Worker<unknown, RollupResult> {
  const { pool, log } = options;
  const worker = new Worker<unknown, RollupResult>(
    ROLLUP_QUEUE,
    async (job) => {
      const data = parseRollupJobData(job.data);
      const started = Date.now();
      const result = await rollupDay(pool, data.projectId, data.day);
      log.debug({ projectId: data.projectId, day: data.day, seq: result.seq, ms: Date.now() - started }, 'rolled up day');
      return result;
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: options.maxStalled,
      ...ROLLUP_JOB_RETENTION,
    },
  );
  worker.on('error', (err) => log.error({ err }, 'rollup worker error'));
  worker.on('failed', (job, err) => log.error({ err, jobId: job?.id, data: job?.data }, 'rollup job failed; the clock enqueues the day again'));
  return worker;
}
