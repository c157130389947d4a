import { matchableRules, MATCHES } from '../rules/matchSql.js';
import type { FunnelInput } from './definition.js';
import { STEP_ROW_COLUMNS } from './stepRows.js';

/** Session attributes a funnel may be split by: those of the session of the unit's first step. */
export const FUNNEL_BY = { source: 'referrer_source', device: 'device', country: 'country' } as const;
export type FunnelBy = keyof typeof FUNNEL_BY;

/**
 * funnelReportSql's: $1 project, $2 and $3 the first and last local day, $4 the project's time
 * zone, $5 whether bots count, $6 the steps (stepRows.ts, jsonb), $7 the window in days (null for
 * sessions, which end by themselves). The number of steps is part of the statement's text.
 */
export type FunnelReportParams = [string, string, string, string, boolean, string, number | null];

/**
 * Every event of the range that matches a step, with the unit it counts for. Page steps use the
 * conversion rules' matcher; an event step's fields must all equal the event's.
 */
function hitsCtes(unit: FunnelInput['unit']): string {
  const unitColumn = unit === 'visitor' ? 'e.visitor_id' : 'e.session_id';
  return `steps as materialized (${matchableRules(`jsonb_to_recordset($6::jsonb) as r(${STEP_ROW_COLUMNS})`)}),
  hits as (
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
      and (not e.is_bot or $5))`;
}

/** For visitors, later steps count only within the window from `start`, the time of the unit's first step. */
const IN_WINDOW = (start: string): string => `($7::int is null or at < ${start} + make_interval(days => $7::int))`;

/**
 * Ordered: each unit's earliest first step, then for each next step its earliest hit strictly
 * after the previous one (by time, then event id, so one event never fills two steps). Taking
 * the earliest hit at each step reaches at least as far as any other choice.
 *
 * Computed with window aggregates over the unit's hits rather than by joining the hits to
 * themselves once per step: the hits' row count can only be guessed from the join filter above
 * (a few rows, where there are hundreds of thousands), and on that guess the planner joins
 * them in nested loops. Sorting the hits once per unit and passing over them once per step
 * does not depend on the guess. `pos` numbers a unit's events in time order (an event matching
 * two steps has one `pos`); `p{k}` is the `pos` of step k's hit, `at{k}` its time. Each pass
 * keeps only the hits that can still fill a later step, and the unit's first-step hit, which
 * carries the unit to the end.
 */
function orderedUnits(stepCount: number): string {
  const layers = [
    `ranked as (select h.*, dense_rank() over (partition by unit order by at, event_id) as pos from hits h)`,
    `l1 as (select r.*, min(pos) filter (where idx = 1) over u as p1, min(at) filter (where idx = 1) over u as at1
    from ranked r window u as (partition by unit))`,
  ];
  for (let k = 2; k <= stepCount; k++) {
    const reaches = `idx = ${k} and pos > p${k - 1}`;
    layers.push(`l${k} as (select l.*, min(pos) filter (where ${reaches}) over u as p${k}, min(at) filter (where ${reaches}) over u as at${k}
    from l${k - 1} l where (idx = 1 and pos = p1) or (idx >= ${k} and pos > p${k - 1} and ${IN_WINDOW('at1')}) window u as (partition by unit))`);
  }
  const later = Array.from({ length: stepCount - 1 }, (_, i) => i + 2);
  const depth = ['1', ...later.map((k) => `(p${k} is not null)::int`)].join(' + ');
  const gaps = ['null::double precision', ...later.map((k) => `extract(epoch from at${k} - at${k - 1})::double precision`)].join(', ');
  // One row per unit: the hit of its first step, which carries the unit's figures and session.
  return `${layers.join(',\n  ')},
  units as (select unit, session_id, ${depth} as depth, array[${gaps}] as gaps from l${stepCount} where idx = 1 and pos = p1)`;
}

/**
 * Unordered: a unit reaches step k when it has steps 1..k in any order, counted from its first
 * hit of any step (for visitors, within the window from there). No time between steps.
 */
const unorderedUnits = (stepCount: number): string => `firsts as (
    select h.*, first_value(at) over u as start, first_value(session_id) over u as first_session
    from hits h window u as (partition by unit order by at, event_id)),
  reached as (
    select unit, first_session as session_id, array_agg(distinct idx) filter (where ${IN_WINDOW('start')}) as idxs
    from firsts group by unit, first_session),
  units as (
    select unit, session_id,
      (select coalesce(min(g), ${stepCount + 1}) - 1 from generate_series(1, ${stepCount}) g where g <> all(idxs)) as depth,
      null::double precision[] as gaps
    from reached)`;

/**
 * One funnel's answer in a single read-only statement (a hot standby runs it too): per group
 * (one, `all`, without `by`) and step, the units that reached the step and the median seconds
 * from the previous step (ordered only). `by` splits by the session of the unit's first step (a
 * unit without a stored session is `null`).
 */
export function funnelReportSql(unit: FunnelInput['unit'], stepCount: number, mode: FunnelInput['mode'], by: FunnelBy | undefined): string {
  const group = by === undefined ? `'all'::text` : `s.${FUNNEL_BY[by]}::text`;
  const ks = Array.from({ length: stepCount }, (_, i) => i + 1);
  // One row per group, a column pair per step, unfolded after: a cross join with the steps
  // before grouping would sort every unit once per step.
  const perStep = ks.map((k) => `count(*) filter (where g.depth >= ${k})::int as r${k},
    percentile_cont(0.5) within group (order by g.gaps[${k}]) filter (where g.depth >= ${k}) as m${k}`);
  const unfolded = ks.map((k) => `(${k}, a.r${k}, a.m${k})`).join(', ');
  // The leading comment names the statement that reads the raw events, in pg_stat_activity and logs.
  return `/* funnel_hits */ with ${hitsCtes(unit)},
  ${mode === 'ordered' ? orderedUnits(stepCount) : unorderedUnits(stepCount)},
  grouped as (
    select ${group} as grp, u.depth, u.gaps
    from units u left join sessions s on s.project_id = $1 and s.session_id = u.session_id),
  per_group as (select g.grp, ${perStep.join(',\n    ')} from grouped g group by g.grp)
  select a.grp, v.step, v.reached, v.median_seconds
  from per_group a cross join lateral (values ${unfolded}) v(step, reached, median_seconds)
  order by a.grp nulls last, v.step`;
}
