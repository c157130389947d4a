import { AGGREGATE_COLUMNS, ENTRY_ATTRIBUTES, ENTRY_COLUMNS, EXIT_COLUMNS, INTERACTION_TYPES, KEY_COLUMNS } from './columns.js';

/**
 * `sessions` and `visitor_firsts` computed from the stored events in one set-based statement
 * each, the same rows the writer keeps batch by batch (docs/architecture.md, "Sessions"): the
 * backfill migration runs them over every event, and the benchmark over the events it generated.
 * A session or visitor already stored is replaced by the recomputed row, so running them again
 * changes nothing.
 */

const INTERACTIONS = INTERACTION_TYPES.map((t) => `'${t}'`).join(', ');
const ALL_COLUMNS = [...KEY_COLUMNS, ...AGGREGATE_COLUMNS, ...ENTRY_COLUMNS, ...EXIT_COLUMNS].map(([c]) => c);
const UPDATABLE = ALL_COLUMNS.filter((c) => c !== 'project_id' && c !== 'session_id');

function sessionsSql(where: string): string {
  return `with agg as (
    select project_id, session_id,
      min(occurred_at) as started_at, max(occurred_at) as ended_at,
      count(*)::int as events, (count(*) filter (where type = 'page_view'))::int as pageviews,
      bool_or(type in (${INTERACTIONS})) as interacted, bool_and(is_bot) as is_bot
    from events e where ${where}
    group by project_id, session_id
  ),
  entry as (
    select distinct on (project_id, session_id) project_id, session_id, visitor_id,
      (case when type = 'page_view' then 0 else 1 end)::int2 as entry_rank,
      occurred_at as entry_at, event_id as entry_event,
      ${ENTRY_ATTRIBUTES.map(([column, source]) => `${source} as ${column}`).join(', ')}
    from events e where ${where}
    order by project_id, session_id, (case when type = 'page_view' then 0 else 1 end), occurred_at, event_id
  ),
  exit as (
    select distinct on (project_id, session_id) project_id, session_id,
      occurred_at as exit_at, event_id as exit_event, page_key as exit_page
    from events e where ${where} and type = 'page_view'
    order by project_id, session_id, occurred_at desc, event_id desc
  )
  insert into sessions (${ALL_COLUMNS.join(', ')})
  select ${ALL_COLUMNS.join(', ')}
  from agg join entry using (project_id, session_id) left join exit using (project_id, session_id)
  order by project_id, session_id
  on conflict (project_id, session_id) do update set ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

function visitorFirstsSql(where: string): string {
  return `insert into visitor_firsts (project_id, visitor_id, first_at, session_id, is_bot, first_event)
  select distinct on (project_id, visitor_id) project_id, visitor_id, occurred_at, session_id, is_bot, event_id
  from events e where ${where}
  order by project_id, visitor_id, occurred_at, event_id
  on conflict (project_id, visitor_id) do update set first_at = excluded.first_at, session_id = excluded.session_id,
    is_bot = excluded.is_bot, first_event = excluded.first_event`;
}

/** Every project's sessions from all stored events; no parameters. */
export const REBUILD_SESSIONS_SQL = sessionsSql('true');
/** Every project's visitor_firsts from all stored events; no parameters. */
export const REBUILD_VISITOR_FIRSTS_SQL = visitorFirstsSql('true');
/** The sessions of the projects in `$1::uuid[]`. */
export const REBUILD_PROJECT_SESSIONS_SQL = sessionsSql('e.project_id = any($1::uuid[])');
/** The visitor_firsts of the projects in `$1::uuid[]`. */
export const REBUILD_PROJECT_VISITOR_FIRSTS_SQL = visitorFirstsSql('e.project_id = any($1::uuid[])');
