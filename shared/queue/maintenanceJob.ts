import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from './redisClient.js';
import { z } from 'zod';
import { queueName } from './shards.js';
import { inputIssues } from '../inputIssues.js';

/**
 * The contract of maintenance jobs, shared by the API and the CLI (which enqueue them), the clock
 * (which enqueues again what a failed enqueue left behind) and the worker (which runs them one
 * at a time). Each job has a row in `lifecycle_jobs` with the same id; the row is the record,
 * the Redis job only the trigger.
 */
export const MAINTENANCE_QUEUE = 'maintenance';

export const MAINTENANCE_KINDS = ['erase_visitor', 'delete_project'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];

/**
 * What the worker needs. An erasure carries the visitor id here only: Redis drops the job when
 * it ends (done or failed), whereas the job row is kept 30 days and must not name the visitor.
 */
export type MaintenanceJobData =
  | { v: 1; kind: 'erase_visitor'; jobId: string; projectId: string; visitorId: string }
  | { v: 1; kind: 'delete_project'; jobId: string; projectId: string };

const MaintenanceJobSchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('erase_visitor'), jobId: z.uuid(), projectId: z.uuid(), visitorId: z.uuid() }),
  z.object({ v: z.literal(1), kind: z.literal('delete_project'), jobId: z.uuid(), projectId: z.uuid() }),
]);

/** Validates a maintenance job's data as it comes out of Redis. */
export function parseMaintenanceJobData(data: unknown): MaintenanceJobData {
  const parsed = MaintenanceJobSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`invalid maintenance job: ${inputIssues(parsed.error, data).map((i) => `${i.field}: ${i.reason}`).join('; ')}`);
  }
  const d = parsed.data;
  const ids = { jobId: d.jobId.toLowerCase(), projectId: d.projectId.toLowerCase() };
  return d.kind === 'erase_visitor' ? { ...d, ...ids, visitorId: d.visitorId.toLowerCase() } : { ...d, ...ids };
}

/**
 * Every step of a maintenance job is idempotent, so a retry (after a crash, a lost connection,
 * a killed worker) finishes the work. The Redis job is removed when it ends either way; the
 * outcome stays in `lifecycle_jobs`.
 */
export const MAINTENANCE_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: true,
  removeOnFail: true,
} as const satisfies JobsOptions;

/** What the producer adds: the Redis job id is the row's id, so adding it twice adds one job. */
export function maintenanceJob(data: MaintenanceJobData): { name: MaintenanceKind; data: MaintenanceJobData; opts: JobsOptions } {
  return { name: data.kind, data, opts: { jobId: data.jobId, ...MAINTENANCE_JOB_OPTIONS } };
}

/** Adds the job for a `lifecycle_jobs` row; rejects when Redis cannot take it. */
export async function addMaintenanceJob(queue: Queue, data: MaintenanceJobData): Promise<void> {
  const job = maintenanceJob(data);
  await queue.add(job.name, job.data, job.opts);
}

/** How the API hands a job to the worker. */
export interface MaintenanceEnqueuer {
  enqueue(data: MaintenanceJobData): Promise<void>;
}

/** Opens the queue on first use, on a connection it does not own (so there is nothing to close). */
export function maintenanceEnqueuer(connection: RedisClient, prefix: string): MaintenanceEnqueuer {
  let queue: Queue | undefined;
  return { enqueue: (data) => addMaintenanceJob((queue ??= new Queue(queueName(MAINTENANCE_QUEUE, connection.isCluster), { connection, prefix })), data) };
}
