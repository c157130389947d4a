import { z } from 'zod';
import { withTransaction } from '../../shared/db/transaction.js';
import { createJob, finishJob } from '../../shared/erasure/lifecycleJobs.js';
import { visitorHash } from '../../shared/erasure/visitorHash.js';
import type { MaintenanceEnqueuer } from '../../shared/queue/maintenanceJob.js';
import type { AdminHandler } from '../admin/context.js';
import { parseParam } from '../admin/validation.js';
import { serviceUnavailable } from '../http/errors.js';

/** A visitor id as the tracker makes it. */
export const VisitorId = z.uuid({ error: 'must be a UUID' });

/** `202` answer of an erasure: the job to follow with `GET /v1/jobs/{jobId}`. */
export const ErasureAccepted = z.object({
  jobId: z.uuid(),
  state: z.literal('queued'),
});

const INSERT_TOMBSTONE_SQL = `insert into erased_visitors (project_id, visitor_hash) values ($1, $2) on conflict do nothing`;

/**
 * `DELETE /v1/visitors/{visitorId}`: the tombstone and the job row commit together, then every
 * web process is told (their next config load refuses the visitor's events before the 202),
 * then the job goes to the worker. Erasing again makes a new job over the same tombstone. When
 * Redis cannot take the job the answer is 503 and the caller asks again; the tombstone stays.
 */
export function eraseVisitor(maintenance: MaintenanceEnqueuer): AdminHandler {
  return async (ctx, input) => {
    const visitorId = parseParam(input.params, 'visitorId', VisitorId).toLowerCase();
    const jobId = await withTransaction(ctx.pool, async (client) => {
      await client.query(INSERT_TOMBSTONE_SQL, [ctx.projectId, visitorHash(ctx.projectId, visitorId)]);
      return createJob(client, ctx.projectId, 'erase_visitor');
    });
    await ctx.configChanged();
    try {
      await maintenance.enqueue({ v: 1, kind: 'erase_visitor', jobId, projectId: ctx.projectId, visitorId });
    } catch (err) {
      ctx.log.warn({ err, jobId }, 'could not enqueue an erasure');
      await finishJob(ctx.pool, jobId, { state: 'failed', error: 'the queue was unavailable; erase the visitor again' });
      throw serviceUnavailable('queue_unavailable', 'the queue is unavailable; the visitor is refused from now on, erase again to remove their data');
    }
    ctx.log.info({ jobId }, 'visitor erasure queued');
    const body: z.infer<typeof ErasureAccepted> = { jobId, state: 'queued' };
    return { status: 202, body };
  };
}
