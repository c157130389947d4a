import type pg from 'pg';
import type { NormalizedEvent } from '../../normalize/types.js';
import type { DayMark } from '../facts.js';

/** Event types that may be a goal: a conversion, or what URL and event rules match. */
const GOAL_TYPES: ReadonlySet<string> = new Set(['page_view', 'conversion', 'form_submit', 'custom', 'click']);

/**
 * Days whose conversion figures may change, besides the days of the batch's own events:
 * - a play that is new or moved earlier changes which play is the visitor's latest before each
 *   of their page views and conversions from its (new) start to its (old) start + the window;
 * - a page view or conversion that newly counts, or stops counting, moves the "first in-window
 *   match" of its (visitor, rule, session) or of its orderId, so every page view of the same
 *   (visitor, session) and every conversion with the same orderId may change too: later ones
 *   take or lose the key, and earlier ones are the goal's first match, which counts as a goal
 *   no play assisted only while no match of the key is in window (unassistedSql.ts).
 * One level of that cascade is enough: page views only take keys from page views of their own
 * session, conversions only from conversions with their own orderId, and both sets are closed.
 * Bot rows never count and never take a key, so they are left out on both sides.
 * Event rules (a form submit, a custom event, a click label) take keys per (visitor, rule,
 * session) as URL rules do, so their event types cascade with page views, over the whole session
 * whichever rule they match (the writer does not read the rules).
 */
const CASCADE_SQL = `with zones as (
    select distinct on (project_id) project_id, zone
    from unnest($1::uuid[], $2::text[]) as u(project_id, zone) order by project_id
  ),
  changed as (
    select u.project_id, u.visitor_id, u.from_at,
      u.to_at + make_interval(hours => 24 * coalesce(pr.conversion_window_days, 30)) as to_at
    from unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[]) as u(project_id, visitor_id, from_at, to_at)
    left join projects pr on pr.id = u.project_id
  ),
  touched as (
    select e.project_id, e.visitor_id, e.session_id, e.order_id, e.type, e.occurred_at
    from changed c
    join events e on e.project_id = c.project_id and e.visitor_id = c.visitor_id
      and e.occurred_at >= c.from_at and e.occurred_at <= c.to_at
    where e.type in ('page_view', 'conversion', 'form_submit', 'custom', 'click') and not e.is_bot
    union all
    select * from unnest($7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::timestamptz[])
      as n(project_id, visitor_id, session_id, order_id, type, occurred_at)
  ),
  affected as (
    select project_id, occurred_at from touched
    union all
    select e.project_id, e.occurred_at
    from (select distinct project_id, visitor_id, session_id from touched where type <> 'conversion') t
    join events e on e.project_id = t.project_id and e.visitor_id = t.visitor_id
    where e.session_id = t.session_id and e.type in ('page_view', 'form_submit', 'custom', 'click') and not e.is_bot
    union all
    select e.project_id, e.occurred_at
    from (select distinct project_id, order_id from touched where type = 'conversion' and order_id is not null) t
    join events e on e.project_id = t.project_id and e.order_id = t.order_id
    where e.type = 'conversion' and not e.is_bot
  )
  select distinct a.project_id, ((a.occurred_at at time zone z.zone)::date)::text as day
  from affected a join zones z on z.project_id = a.project_id`;

/** A play that appeared, moved or vanished: the conversions of its visitor in [from, to + window] may change. */
export interface PlayWindow {
  projectId: string;
  visitorId: string;
  from: Date;
  to: Date;
}

/**
 * The days of the goals whose attribution the given plays' windows, or the batch's own goal rows,
 * may change. `rows`: the batch's fresh rows; only non-bot goal types take part.
 */
export async function goalCascadeMarks(
  client: pg.ClientBase,
  zones: ReadonlyMap<string, string>,
  windows: readonly PlayWindow[],
  rows: readonly NormalizedEvent[],
): Promise<DayMark[]> {
  const goals = rows.filter((r) => !r.is_bot && GOAL_TYPES.has(r.type));
  if (windows.length === 0 && goals.length === 0) return [];
  const { rows: days } = await client.query<{ project_id: string; day: string }>(CASCADE_SQL, [
    [...zones.keys()],
    [...zones.values()],
    windows.map((c) => c.projectId),
    windows.map((c) => c.visitorId),
    windows.map((c) => c.from.toISOString()),
    windows.map((c) => c.to.toISOString()),
    goals.map((r) => r.project_id),
    goals.map((r) => r.visitor_id),
    goals.map((r) => r.session_id),
    goals.map((r) => r.order_id),
    goals.map((r) => r.type),
    goals.map((r) => r.occurred_at.toISOString()),
  ]);
  return days.map((r) => ({ projectId: r.project_id, day: r.day }));
}
