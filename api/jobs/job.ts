import { z } from 'zod';
import { findJob } from '../../shared/erasure/lifecycleJobs.js';
import { MAINTENANCE_KINDS } from '../../shared/queue/maintenanceJob.js';
import type { AdminHandler } from '../admin/context.js';
import { parseParam } from '../admin/validation.js';
import { HttpError } from '../http/errors.js';

export const JobId = z.uuid({ error: 'must be a UUID' });

/** The answer of `GET /v1/jobs/{jobId}`. */
export const JobBody = z.object({
  id: z.uuid(),
  kind: z.enum(MAINTENANCE_KINDS),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z
    .object({
      phase: z.string().optional().describe('plan, delete, rollup, numbers, done'),
      daysTotal: z.number().int().optional().describe('Affected days that are recomputed'),
      daysDone: z.number().int().optional(),
      rows: z.record(z.string(), z.number().int()).optional().describe('Rows removed so far, per table'),
    })
    .describe('What the job has done so far'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

/** `GET /v1/jobs/{jobId}`: a job of the caller's project; another project's is not found. */
export const getJob: AdminHandler = async (ctx, input) => {
  const jobId = parseParam(input.params, 'jobId', JobId).toLowerCase();
  const job = await findJob(ctx.pool, jobId, ctx.projectId);
  if (!job) throw new HttpError(404, 'not_found', `no job ${jobId} in this project`, { field: 'jobId' });
  const body: z.infer<typeof JobBody> = job;
  return { status: 200, body };
};
