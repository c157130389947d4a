import type pg from 'pg';

/**
 * Every local day whose figures include the visitor: the days of their events, of their
 * sessions' starts, of their plays' starts and first milestones, and, because an order id
 * counts once per project, the days of other visitors' conversions that share an order id with
 * theirs (one of those may count once the visitor's is gone). Reads through the
 * (project, visitor) and (project, order id) indexes of `events` and `plays`; sessions and
 * milestones have no visitor index and are read by the project's rows.
 */
const AFFECTED_DAYS_SQL = `select distinct to_char(d, 'YYYY-MM-DD') as day from (
    select (occurred_at at time zone $3)::date as d from events where project_id = $1 and visitor_id = $2
    union all
    select (started_at at time zone $3)::date from sessions where project_id = $1 and visitor_id = $2
    union all
    select (first_at at time zone $3)::date from plays where project_id = $1 and visitor_id = $2
    union all
    select (first_at at time zone $3)::date from play_milestones where project_id = $1 and visitor_id = $2
    union all
    select (o.occurred_at at time zone $3)::date
    from events o
    where o.project_id = $1 and o.visitor_id <> $2 and o.type = 'conversion'
      and o.order_id in (select order_id from events where project_id = $1 and visitor_id = $2 and order_id is not null)
  ) days
  order by day`;

/** The visitor's sessions, whose member numbers go too. */
const SESSIONS_SQL = `select session_id from sessions where project_id = $1 and visitor_id = $2
  union
  select distinct session_id from events where project_id = $1 and visitor_id = $2`;

export async function affectedDays(db: Pick<pg.Pool, 'query'>, projectId: string, visitorId: string, timezone: string): Promise<string[]> {
  return (await db.query<{ day: string }>(AFFECTED_DAYS_SQL, [projectId, visitorId, timezone])).rows.map((r) => r.day);
}

export async function visitorSessions(db: Pick<pg.Pool, 'query'>, projectId: string, visitorId: string): Promise<string[]> {
  return (await db.query<{ session_id: string }>(SESSIONS_SQL, [projectId, visitorId])).rows.map((r) => r.session_id);
}
