import type { StatsScope } from '../figures.js';
import { num } from '../metrics.js';
import type { ListParams } from '../params.js';
import type { Queryable, StatsQueries } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';
import type { CustomEventsResponse } from '../schemas.js';

/** `custom` events per name over the range, by events (then name). */
export const CUSTOM_EVENTS_SQL = `select name, sum(events)::text as events
  from daily_custom_events where ${RANGE}
  group by name
  order by sum(events) desc, name collate "C"`;

export async function queryCustomEvents(pool: Queryable, scope: StatsScope, limit: number): Promise<Omit<CustomEventsResponse, 'timezone' | 'from' | 'to'>> {
  const { rows } = await pool.query<{ name: string; events: string }>(CUSTOM_EVENTS_SQL, rangeParams(scope));
  const events = rows.slice(0, limit).map((r) => ({ name: r.name, events: num(r.events) }));
  const rest = rows.slice(limit);
  return { events, other: rest.length === 0 ? null : { events: rest.reduce((sum, r) => sum + num(r.events), 0) } };
}

/** The top `limit` custom event names by events, and the rest as `other`. */
export async function customEventsReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<CustomEventsResponse> {
  return { ...rangeOf(project, params), ...(await queryCustomEvents(queries.pool, scopeOf(project, params), params.limit)) };
}
