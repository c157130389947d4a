import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import { journeyStart, retentionHorizon } from '../../shared/journeys/horizon.js';
import type { ClientEventCopy } from './clientEvents.js';

const INSERT_JOURNEY = `insert into journeys (id, project_id, visitor_id, email, form_id, state, created_at)
  values ($1, $2, $3, $4, $5, 'pending', $6)`;

/**
 * The client's copies inside the journey's reach; the freeze replaces each with its stored event.
 * The conflict names the key's constraint, not its columns: the columns differ before and after
 * the migration that put project_id first, the name does not, so the statement runs on either
 * schema (a release being rolled out or rolled back).
 */
const INSERT_CLIENT_COPIES = `insert into journey_events (project_id, journey_id, event_id, visitor_id, occurred_at, type, data)
  select $1, $2, c.event_id, $3, c.occurred_at, c.type, c.data
  from unnest($4::uuid[], $5::timestamptz[], $6::text[], $7::jsonb[]) as c(event_id, occurred_at, type, data)
  where c.occurred_at >= $8
  on conflict on constraint journey_events_pkey do nothing`;

const DELETE_PENDING_JOURNEY = `with gone as (delete from journeys where id = $1 and project_id = $2 returning id)
  delete from journey_events where project_id = $2 and journey_id in (select id from gone)`;

export interface NewJourney {
  id: string;
  projectId: string;
  visitorId: string;
  email: string;
  formId: string | undefined;
  promotedAt: number;
  lookbackMs: number;
  copies: readonly ClientEventCopy[];
}

/** The pending journey and the client's copies, together or not at all. */
export async function insertPendingJourney(pool: pg.Pool, j: NewJourney): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(INSERT_JOURNEY, [j.id, j.projectId, j.visitorId, j.email, j.formId ?? null, new Date(j.promotedAt)]);
    if (j.copies.length === 0) return;
    const from = journeyStart(j.promotedAt, j.lookbackMs, await retentionHorizon(client, j.projectId));
    await client.query(INSERT_CLIENT_COPIES, [
      j.projectId,
      j.id,
      j.visitorId,
      j.copies.map((c) => c.eventId),
      j.copies.map((c) => new Date(c.occurredAt)),
      j.copies.map((c) => c.type),
      j.copies.map((c) => JSON.stringify(c.data)),
      new Date(from),
    ]);
  });
}

/** Undoes a journey whose freeze job Redis did not take: the client is told to retry. */
export async function deletePendingJourney(pool: pg.Pool, id: string, projectId: string): Promise<void> {
  await pool.query(DELETE_PENDING_JOURNEY, [id, projectId]);
}
