import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import { journeyStart, retentionHorizon } from '../../shared/journeys/horizon.js';
import type { JourneyJobData } from '../../shared/queue/journeyJob.js';
import { COPY_STORED_EVENTS, FINISH_JOURNEY, LOCK_JOURNEY } from './freezeSql.js';

/** `partial`: frozen at the ceiling while ingest jobs from before the promote were still queued. */
export type FrozenState = 'ready' | 'partial';

export interface FreezeResult {
  /** False when the journey was deleted before its freeze; nothing was written. */
  frozen: boolean;
  copied: number;
}

/**
 * Copies the visitor's stored events from the journey's start (the lookback, never before the
 * project's retention horizon) up to the promote into the journey, in one transaction, and
 * marks it frozen. Running it again gives the same rows.
 */
export async function freezeJourney(pool: pg.Pool, job: JourneyJobData, lookbackMs: number, state: FrozenState): Promise<FreezeResult> {
  return withTransaction(pool, async (client) => {
    const locked = await client.query(LOCK_JOURNEY, [job.journeyId, job.projectId]);
    if ((locked.rowCount ?? 0) === 0) return { frozen: false, copied: 0 };
    const from = journeyStart(job.promotedAt, lookbackMs, await retentionHorizon(client, job.projectId));
    const copied = await client.query(COPY_STORED_EVENTS, [job.projectId, job.journeyId, job.visitorId, new Date(from), new Date(job.promotedAt)]);
    await client.query(FINISH_JOURNEY, [job.journeyId, job.projectId, state]);
    return { frozen: true, copied: copied.rowCount ?? 0 };
  });
}
