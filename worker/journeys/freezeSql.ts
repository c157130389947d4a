import { MAX_JOURNEY_EVENTS, type JourneyField } from '../../shared/journeys/eventData.js';

/** The `events` column behind each field of a journey event; it fails to compile when the two drift. */
const COLUMN_OF = {
  sessionId: 'session_id',
  url: 'url',
  referrer: 'referrer',
  videoId: 'video_id',
  slotId: 'slot_id',
  toSlotId: 'to_slot_id',
  playId: 'play_id',
  percent: 'percent',
  seconds: 'seconds',
  target: 'target',
  label: 'label',
  conversionType: 'conversion_type',
  value: 'value',
  currency: 'currency',
  orderId: 'order_id',
  name: 'name',
} as const satisfies Record<JourneyField, string>;

/** A stored event as `journey_events.data`: its typed columns by contract name, the rest under `props`. */
const EVENT_DATA = `jsonb_strip_nulls(jsonb_build_object(${Object.entries(COLUMN_OF)
  .map(([field, column]) => `'${field}', e.${column}`)
  .join(', ')}, 'props', e.props))`;

/** Holds the journey against a concurrent deletion; no row: it was deleted, nothing to freeze. */
export const LOCK_JOURNEY = `select state from journeys where id = $1 and project_id = $2 for update`;

/**
 * The visitor's stored events in [$4, $5], the latest MAX_JOURNEY_EVENTS of them. A stored
 * event replaces the client's copy of it: it is the one the figures count. The conflict names the
 * key's constraint, not its columns: the columns differ before and after the migration that put
 * project_id first, the name does not, so the statement runs on either schema (a release being
 * rolled out or rolled back).
 */
export const COPY_STORED_EVENTS = `insert into journey_events (project_id, journey_id, event_id, visitor_id, occurred_at, type, data)
  select e.project_id, $2, e.event_id, e.visitor_id, e.occurred_at, e.type, ${EVENT_DATA}
  from (
    select * from events
    where project_id = $1 and visitor_id = $3 and occurred_at >= $4 and occurred_at <= $5
    order by occurred_at desc
    limit ${MAX_JOURNEY_EVENTS}
  ) e
  on conflict on constraint journey_events_pkey do update set occurred_at = excluded.occurred_at, type = excluded.type, data = excluded.data`;

export const FINISH_JOURNEY = `update journeys
  set state = $3, frozen_at = now(), event_count = (select count(*) from journey_events where project_id = $2 and journey_id = $1)
  where id = $1 and project_id = $2`;
