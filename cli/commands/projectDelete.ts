import { Queue } from 'bullmq';
import { createPool } from '../../shared/db/pool.js';
import { startProjectDeletion } from '../../shared/projects/deleteProject.js';
import { createRedis } from '../../shared/queue/connection.js';
import { addMaintenanceJob, MAINTENANCE_QUEUE } from '../../shared/queue/maintenanceJob.js';
import { cliContext, printJson } from '../context.js';
import { notifyWebProcesses } from '../notify.js';
import { queueName } from '../../shared/queue/shards.js';
import { requireProjectId } from './projectId.js';

export interface ProjectDeleteOptions {
  project: string;
  yes: boolean;
}

/**
 * Deletes a project for good. The project row goes at once and every web process is told, so its
 * keys stop working; a worker then removes its events and figures (`delete_project` job, followed
 * with `GET /v1/jobs/{jobId}` or in `lifecycle_jobs`). Prints the project and the job.
 */
export async function projectDeleteCommand(opts: ProjectDeleteOptions): Promise<void> {
  const projectId = requireProjectId(opts.project);
  if (!opts.yes) throw new Error(`this deletes project ${projectId} and all its events and figures for good: add --yes to go ahead`);
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    const { jobId } = await startProjectDeletion(pool, projectId);
    if (jobId === undefined) throw new Error(`unknown project: ${projectId}`);
    await notifyWebProcesses(ctx.config, ctx.log);
    await enqueue(ctx.config, { v: 1, kind: 'delete_project', jobId, projectId }).catch((err: unknown) =>
      ctx.log.warn({ err, jobId }, 'could not enqueue the deletion job; the clock enqueues it again within minutes'),
    );
    printJson({ projectId, deleted: true, jobId });
  } finally {
    await pool.end();
    await ctx.stop();
  }
}

async function enqueue(config: Parameters<typeof createRedis>[0], data: Parameters<typeof addMaintenanceJob>[1]): Promise<void> {
  const redis = createRedis(config, 'plain');
  const queue = new Queue(queueName(MAINTENANCE_QUEUE, redis.isCluster), { connection: redis, prefix: config.redis.prefix });
  try {
    await addMaintenanceJob(queue, data);
  } finally {
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}
