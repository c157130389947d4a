import type { Queue } from 'bullmq';
import type pg from 'pg';
import { pruneFinishedJobs, reopenDeletions, strandedDeletions } from '../../shared/erasure/lifecycleJobs.js';
import { addMaintenanceJob } from '../../shared/queue/maintenanceJob.js';

/** A deletion row this old without its job being started is taken to have lost its enqueue. */
const STRANDED_AFTER_SECONDS = 120;
/** Deletions handed over again per run. */
const STRANDED_PER_RUN = 100;

/**
 * Upkeep of `lifecycle_jobs`: deletes jobs finished more than 30 days ago (one bounded batch a
 * run), and hands the worker again any project deletion still queued minutes after it was
 * written (the project row is gone, so nothing else would remove its rows), and any deletion of
 * the last day whose project has stored events again (written from ingest jobs that were still
 * queued when it ran). The Redis job id is the row id, so a job still in Redis is not added twice.
 */
export async function maintainLifecycleJobs(pool: pg.Pool, queue: Queue): Promise<{ pruned: number; requeued: number }> {
  const pruned = await pruneFinishedJobs(pool);
  const stranded = [...(await strandedDeletions(pool, STRANDED_AFTER_SECONDS, STRANDED_PER_RUN)), ...(await reopenDeletions(pool, STRANDED_PER_RUN))];
  for (const job of stranded) await addMaintenanceJob(queue, { v: 1, kind: 'delete_project', jobId: job.id, projectId: job.project_id });
  return { pruned, requeued: stranded.length };
}
