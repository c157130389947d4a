import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { inputIssues } from '../inputIssues.js';

/**
 * The contract of journey jobs, shared by the API (which adds one per promote) and the worker
 * (which freezes the journey): queue, name, data and options.
 */
export const JOURNEY_QUEUE = 'journeys';
export const JOURNEY_JOB_NAME = 'freeze';

export interface JourneyJobData {
  v: 1;
  journeyId: string;
  projectId: string;
  visitorId: string;
  /** API clock at the promote, epoch ms: the journey holds what happened up to this instant. */
  promotedAt: number;
  /**
   * The ingest queue's job-id counter once every ingest job this web process had taken before
   * the promote was in Redis: the journey is frozen when no ingest job numbered at or below it
   * is still waiting, running or delayed.
   */
  ingestMark: number;
}

const JourneyJobSchema = z.object({
  v: z.literal(1),
  journeyId: z.uuid(),
  projectId: z.uuid(),
  visitorId: z.uuid(),
  promotedAt: z.number().int().nonnegative(),
  ingestMark: z.number().int().nonnegative(),
});

/** Validates a journey job's data as it comes out of Redis. */
export function parseJourneyJobData(data: unknown): JourneyJobData {
  const parsed = JourneyJobSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`invalid journey job: ${inputIssues(parsed.error, data).map((i) => `${i.field}: ${i.reason}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The job id is the journey's, so a repeated add is one job. Done jobs go at once (the journey
 * row says what happened); failed ones stay a day for inspection.
 */
export function journeyJob(data: JourneyJobData): { name: string; data: JourneyJobData; opts: JobsOptions } {
  return {
    name: JOURNEY_JOB_NAME,
    data,
    opts: { jobId: data.journeyId, removeOnComplete: true, removeOnFail: { age: 86_400 }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  };
}
