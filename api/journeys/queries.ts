import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import type { JourneyEvent, JourneySummary } from './schemas.js';

const SUMMARY_COLUMNS = `id, visitor_id as "visitorId", email, form_id as "formId", state,
  to_json(created_at)#>>'{}' as "createdAt", to_json(frozen_at)#>>'{}' as "frozenAt", event_count as "eventCount"`;

const JOURNEYS_OF_EMAIL = `select ${SUMMARY_COLUMNS} from journeys
  where project_id = $1 and email = $2 order by created_at desc, id limit $3`;

const JOURNEY_BY_ID = `select ${SUMMARY_COLUMNS} from journeys where project_id = $1 and id = $2`;

const EVENTS_OF_JOURNEY = `select e.event_id as "eventId", e.type, to_json(e.occurred_at)#>>'{}' as "occurredAt", e.data,
    v.title as "videoTitle"
  from journey_events e
  left join videos v on v.project_id = e.project_id and v.video_id = e.data->>'videoId'
  where e.project_id = $1 and e.journey_id = $2
  order by e.occurred_at, e.event_id`;

/** A few journeys per transaction, so a deletion holds its locks briefly however many there are. */
const JOURNEYS_PER_DELETE = 10;
/** Rows per statement when deleting a journey's events. */
const EVENT_ROWS_PER_DELETE = 10_000;

const DELETE_JOURNEYS_OF_EMAIL = `delete from journeys where project_id = $1 and id = any(array(
    select id from journeys where project_id = $1 and email = $2 limit ${JOURNEYS_PER_DELETE}))
  returning id`;

const DELETE_EVENTS_OF_JOURNEYS = `delete from journey_events where ctid = any(array(
  select ctid from journey_events where project_id = $1 and journey_id = any($2::uuid[]) limit ${EVENT_ROWS_PER_DELETE}))`;

export async function journeysOfEmail(pool: pg.Pool, projectId: string, email: string, limit: number): Promise<JourneySummary[]> {
  return (await pool.query<JourneySummary>(JOURNEYS_OF_EMAIL, [projectId, email, limit])).rows;
}

export async function journeyById(pool: pg.Pool, projectId: string, id: string): Promise<{ journey: JourneySummary; events: JourneyEvent[] } | undefined> {
  const journey = (await pool.query<JourneySummary>(JOURNEY_BY_ID, [projectId, id])).rows[0];
  if (!journey) return undefined;
  const events = (await pool.query<JourneyEvent>(EVENTS_OF_JOURNEY, [projectId, id])).rows;
  return { journey, events };
}

/**
 * Deletes every journey of an e-mail address in the project, with its events, and returns how
 * many journeys went. The journey row goes first in each transaction: a freeze running at the
 * same time either finds it gone and copies nothing, or holds it until it commits, after which
 * its copies are deleted here.
 */
export async function deleteJourneysOfEmail(pool: pg.Pool, projectId: string, email: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await withTransaction(pool, async (client) => {
      const gone = (await client.query<{ id: string }>(DELETE_JOURNEYS_OF_EMAIL, [projectId, email])).rows.map((r) => r.id);
      let removed = gone.length > 0 ? EVENT_ROWS_PER_DELETE : 0;
      while (removed === EVENT_ROWS_PER_DELETE) removed = (await client.query(DELETE_EVENTS_OF_JOURNEYS, [projectId, gone])).rowCount ?? 0;
      return gone;
    });
    deleted += ids.length;
    if (ids.length < JOURNEYS_PER_DELETE) return deleted;
  }
}
