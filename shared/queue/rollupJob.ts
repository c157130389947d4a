import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { isDay } from '../days.js';
import { inputIssues } from '../inputIssues.js';

/**
 * The whole contract of rollup jobs, shared by the clock (which enqueues them) and the worker
 * (which runs them): queue, name, data, ids, options. Nothing here reaches the database.
 */
export const ROLLUP_QUEUE = 'rollup';
export const ROLLUP_JOB_NAME = 'rollup';

/** One (project, local day) to recompute. */
export interface RollupJobData {
  v: 1;
  projectId: string;
  /** YYYY-MM-DD in the project's time zone. */
  day: string;
}

const RollupJobSchema = z.object({
  v: z.literal(1),
  projectId: z.uuid(),
  day: z.string().refine(isDay, 'must be a calendar day YYYY-MM-DD'),
});

/** Validates a rollup job's data as it comes out of Redis. */
export function parseRollupJobData(data: unknown): RollupJobData {
  const parsed = RollupJobSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`invalid rollup job: ${inputIssues(parsed.error, data).map((i) => `${i.field}: ${i.reason}`).join('; ')}`);
  }
  return parsed.data;
}

/** Job ids are (project, day, tick): two clocks enqueueing the same minute add one job. */
export function rollupJobId(projectId: string, day: string, tick: number): string {
  return `${projectId}:${day}:${tick}`;
}

/** Whole minutes since the epoch: one tick per minute, equal in every clock process. */
export function minuteTick(epochMs: number): number {
  return Math.floor(epochMs / 60_000);
}

/**
 * Completed rollup jobs stay an hour so a duplicate job id (a second clock, the same tick)
 * is still refused; failed ones a day, for inspection. A failed day is not lost: its dirty
 * mark stays, and the clock enqueues it again (at once after a transient error, after its
 * backoff after any other; see `rollup_failures`).
 */
export const ROLLUP_JOB_RETENTION = {
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 86_400 },
} as const satisfies JobsOptions;

/**
 * While a day has a job waiting, delayed or running, BullMQ ignores any other job added for
 * that day (whatever its tick): the clock never queues a second copy of a day in progress,
 * and a day re-marked meanwhile is picked up by the first tick after the job ends.
 */
export function rollupDeduplicationId(projectId: string, day: string): string {
  return `rollup:${projectId}:${day}`;
}

/** What the clock adds for one dirty day at one tick. */
export function rollupJob(projectId: string, day: string, tick: number): { name: string; data: RollupJobData; opts: JobsOptions } {
  return {
    name: ROLLUP_JOB_NAME,
    data: { v: 1, projectId, day },
    opts: {
      jobId: rollupJobId(projectId, day, tick),
      deduplication: { id: rollupDeduplicationId(projectId, day) },
      ...ROLLUP_JOB_RETENTION,
    },
  };
}
