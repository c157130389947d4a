import { Worker, type Job } from 'bullmq';
import type { RedisClient } from '../../shared/queue/redisClient.js';
import type pg from 'pg';
import { finishJob, noteRetry, saveProgress, startJob } from '../../shared/erasure/lifecycleJobs.js';
import type { Logger } from '../../shared/logger.js';
import { deleteProjectRows } from '../../shared/projects/deleteProject.js';
import { MAINTENANCE_QUEUE, parseMaintenanceJobData, type MaintenanceJobData } from '../../shared/queue/maintenanceJob.js';
import { describeError } from '../errors.js';
import { eraseVisitor } from './eraseVisitor.js';
import { queueName } from '../../shared/queue/shards.js';
import type { RerollOptions } from './rerollDays.js';

export interface MaintenanceWorkerOptions {
  connection: RedisClient;
  pool: pg.Pool;
  prefix: string;
  lockMs: number;
  stalledIntervalMs: number;
  maxStalled: number;
  reroll: RerollOptions;
  log: Logger;
}

/**
 * Runs maintenance jobs one at a time (erasures and project deletions are rare and heavy; one at
 * a time keeps them from crowding out event writes and rollups). The job row follows the work:
 * running when it starts, done when it ends, failed once BullMQ's last attempt failed; an attempt
 * that will be retried only records its error.
 */
export function startMaintenanceWorker(options: MaintenanceWorkerOptions): Worker<unknown, void> {
  const { pool, log } = options;
  const run = async (job: Job<unknown, void>): Promise<void> => {
    let data: MaintenanceJobData;
    try {
      data = parseMaintenanceJobData(job.data);
    } catch (err) {
      log.error({ err, jobId: job.id }, 'maintenance job refused');
      throw err;
    }
    if (!(await startJob(pool, data.jobId))) return;
    const started = Date.now();
    try {
      if (data.kind === 'erase_visitor') {
        await eraseVisitor(pool, data, options.reroll, log);
      } else {
        const rows: Record<string, number> = {};
        await deleteProjectRows(pool, data.projectId, async (table, n) => {
          rows[table] = n;
          await saveProgress(pool, data.jobId, { phase: 'delete', rows });
        });
        await saveProgress(pool, data.jobId, { phase: 'done', rows });
      }
      await finishJob(pool, data.jobId, { state: 'done' });
      log.info({ jobId: data.jobId, kind: data.kind, projectId: data.projectId, ms: Date.now() - started }, 'maintenance job done');
    } catch (err) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const error = describeError(err);
      await (last ? finishJob(pool, data.jobId, { state: 'failed', error }) : noteRetry(pool, data.jobId, error)).catch((e: unknown) =>
        log.error({ err: e, jobId: data.jobId }, 'could not record a maintenance job failure'),
      );
      log.error({ err, jobId: data.jobId, kind: data.kind, last }, last ? 'maintenance job failed' : 'maintenance job failed; it will be retried');
      throw err;
    }
  };
  const worker = new Worker<unknown, void>(queueName(MAINTENANCE_QUEUE, options.connection.isCluster), run, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalled,
  });
  worker.on('error', (err) => log.error({ err }, 'maintenance worker error'));
  return worker;
}
