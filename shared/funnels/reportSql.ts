import { matchableRules, MATCHES } from '../rules/matchSql.js';
import type { FunnelInput } from './definition.js';
import { STEP_ROW_COLUMNS } from './stepRows.js';

/** Session attributes a funnel may be split by: those of the session of the unit's first step. */
export const FUNNEL_BY = { source: 'referrer_source', device: 'device', country: 'country' } as const;
export type FunnelBy = keyof typeof FUNNEL_BY;

/** funnelHitsSql's: $1 project, $2 and $3 the first and last local day, $4 the project's time zone, $5 whether bots count, $6 the steps (stepRows.ts, jsonb). */
export type FunnelHitsParams = [string, string, string, string, boolean, string];
/** funnelSql's: $1 project, $2 the number of steps, $3 the window in days (null for sessions, which end by themselves). */
export type FunnelSqlParams = [string, number, number | null];

/**
 * Every event of the range that matches a step, with the unit it counts for, staged in a
 * temporary table (dropped at commit) and analyzed: estimated from the join's filter alone, the
 * planner would take a few rows and join them in nested loops. Page steps use the conversion
 * rules' matcher; an event step's fields must all equal the event's.
 */
export function funnelHitsSql(unit: FunnelInput['unit']): string {
  const unitColumn = unit === 'visitor' ? 'e.visitor_id' : 'e.session_id';
  return `/* funnel_hits */ insert into funnel_hits (idx, unit, session_id, at, event_id)
    with steps as materialized (${matchableRules(`jsonb_to_recordset($6::jsonb) as r(${STEP_ROW_COLUMNS})`)})
    select r.idx, ${unitColumn} as unit, e.session_id, e.occurred_at as at, e.event_id
    from events e
    join steps r on (
      (r.step_kind = 'page' and e.type = 'page_view' and ${MATCHES})
      or (r.step_kind = 'event' and e.type = r.type
        and (r.form_id is null or e.props->>'formId' = r.form_id)
        and (r.video_id is null or e.video_id = r.video_id)
        and (r.target is null or e.target = r.target)
        and (r.label is null or e.label = r.label)
        and (r.conversion_type is null or e.conversion_type = r.conversion_type)
        and (r.name is null or e.name = r.name)))
    where e.project_id = $1
      and e.occurred_at >= ($2::date)::timestamp at time zone $4
      and e.occurred_at < ($3::date + 1)::timestamp at time zone $4
      and (not e.is_bot or $5)`;
}

export const CREATE_FUNNEL_HITS_SQL = `create temporary table funnel_hits (idx int not null, unit uuid not null, session_id uuid not null,
  at timestamptz not null, event_id uuid not null) on commit drop`;
export const ANALYZE_FUNNEL_HITS_SQL = `analyze funnel_hits`;

/** Later steps count only before this, for visitors; `p.start` is the unit's first step. */
const IN_WINDOW = `($3::int is null or h.at < p.start + make_interval(days => $3::int))`;

/**
 * Ordered: each unit's earliest first step, then for each next step its earliest hit strictly
 * after the previous one (by time, then event id, so one event never fills two steps). Taking
 * the earliest hit at each step reaches at least as far as any other choice. One CTE per step
 * (at most ten), because a recursive CTE may not aggregate.
 */
function orderedUnits(stepCount: number): string {
  const ctes = [`s1 as (select distinct on (unit) unit, session_id, at, event_id, at as start from funnel_hits where idx = 1 order by unit, at, event_id)`];
  for (let k = 2; k <= stepCount; k++) {
    ctes.push(`s${k} as (
    select distinct on (p.unit) p.unit, h.at, h.event_id, p.start
    from s${k - 1} p join funnel_hits h on h.unit = p.unit and h.idx = ${k} and (h.at, h.event_id) > (p.at, p.event_id) and ${IN_WINDOW}
    order by p.unit, h.at, h.event_id)`);
  }
  const later = Array.from({ length: stepCount - 1 }, (_, i) => i + 2);
  const depth = ['1', ...later.map((k) => `(s${k}.unit is not null)::int`)].join(' + ');
  const gaps = ['null::double precision', ...later.map((k) => `extract(epoch from s${k}.at - s${k - 1}.at)::double precision`)].join(', ');
  const joins = later.map((k) => `left join s${k} on s${k}.unit = s1.unit`).join(' ');
  return `${ctes.join(',\n  ')},
  units as (select s1.unit, s1.session_id, ${depth} as depth, array[${gaps}] as gaps from s1 ${joins})`;
}

/**
 * Unordered: a unit reaches step k when it has steps 1..k in any order, counted from its first
 * hit of any step (for visitors, within the window from there). No time between steps.
 */
const UNORDERED_UNITS = `starts as (select distinct on (unit) unit, session_id, at as start from funnel_hits order by unit, at, event_id),
  reached as (
    select p.unit, p.session_id, array_agg(distinct h.idx) as idxs
    from starts p join funnel_hits h on h.unit = p.unit and ${IN_WINDOW}
    group by p.unit, p.session_id),
  units as (
    select unit, session_id,
      (select coalesce(min(g), $2::int + 1) - 1 from generate_series(1, $2::int) g where g <> all(idxs)) as depth,
      null::double precision[] as gaps
    from reached)`;

/**
 * The named statement of one funnel's answer: per group (one, `all`, without `by`) and step,
 * the units that reached the step and the median seconds from the previous step (ordered only).
 * `by` splits by the session of the unit's first step (a unit without a stored session is `null`).
 */
export function funnelSql(stepCount: number, mode: FunnelInput['mode'], by: FunnelBy | undefined): string {
  const group = by === undefined ? `'all'::text` : `s.${FUNNEL_BY[by]}::text`;
  return `/* funnel_steps */ with ${mode === 'ordered' ? orderedUnits(stepCount) : UNORDERED_UNITS},
  grouped as (
    select ${group} as grp, u.depth, u.gaps
    from units u left join sessions s on s.project_id = $1 and s.session_id = u.session_id)
  select g.grp, k.k as step, count(*) filter (where g.depth >= k.k)::int as reached,
    percentile_cont(0.5) within group (order by g.gaps[k.k]) filter (where g.depth >= k.k) as median_seconds
  from grouped g cross join generate_series(1, $2::int) k(k)
  group by g.grp, k.k
  order by g.grp nulls last, k.k`;
}
