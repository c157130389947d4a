import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { RollupJobData } from '../../shared/queue/contract.js';
import { isDay } from './days.js';

const RollupJobSchema = z.object({
  v: z.literal(1),
  projectId: z.uuid(),
  day: z.string().refine(isDay, 'must be a calendar day YYYY-MM-DD'),
});

/** Validates a rollup job's data as it comes out of Redis. */
export function parseRollupJobData(data: unknown): RollupJobData {
  const parsed = RollupJobSchema.safeParse(data);
  if (!parsed.success) throw new Error(`invalid rollup job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
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
 * mark stays, and the clock enqueues it again at the next tick.
 */
export const ROLLUP_JOB_RETENTION = {
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 86_400 },
} as const satisfies JobsOptions;
