/**
 * The day's rows, staged once per rollup into temporary tables that every later statement
 * reads (a busy day is a quarter of its month's partition, so each statement scanned it).
 * Each is dropped when the rollup's transaction ends. $1 project id, $2/$3 the day's bounds as
 * instants.
 */

/** The day's events: only the columns the rollup reads; full URLs only of page views, which rules match. */
export const DAY_EVENTS_SQL = `create temp table day_events on commit drop as
  select event_id, type, occurred_at, visitor_id, session_id, video_id, slot_id, to_slot_id,
    seconds, target, case when type = 'page_view' then url end as url, page_key, is_bot, from_server, order_id, value, currency,
    case when type = 'conversion' then conversion_type end as conversion_type
  from events
  where project_id = $1::uuid and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz`;

/** Plays whose earliest start falls on the day. */
export const DAY_PLAYS_SQL = `create temp table day_plays on commit drop as
  select play_id, visitor_id, video_id, slot_id, is_bot
  from plays
  where project_id = $1::uuid and first_at >= $2::timestamptz and first_at < $3::timestamptz`;

/** Milestones first crossed on the day. */
export const DAY_MILESTONES_SQL = `create temp table day_milestones on commit drop as
  select play_id, percent, visitor_id, video_id, slot_id, is_bot
  from play_milestones
  where project_id = $1::uuid and first_at >= $2::timestamptz and first_at < $3::timestamptz`;

/** The tables staged straight from stored rows, in order (day_conversions is staged apart, from day_events). */
export const STAGES = [
  { table: 'day_events', sql: DAY_EVENTS_SQL },
  { table: 'day_plays', sql: DAY_PLAYS_SQL },
  { table: 'day_milestones', sql: DAY_MILESTONES_SQL },
] as const;
