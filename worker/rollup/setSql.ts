import type { DistinctMetric, Level } from '../../shared/metrics/define.js';
import { METRICS } from '../../shared/metrics/registry.js';
import { NUMBERING, SET_KIND, SLOT_SCOPE_SQL, VIDEO_SCOPE_SQL } from '../../shared/sets/kinds.js';
import { monthStampSql } from '../../shared/sets/monthStamp.js';

/**
 * Statements behind the member sets (distinct metrics) of one project-day. They read the
 * rollup's staged tables (stageSql.ts, conversionsSql.ts); those that write sets take $1
 * project id and $2 the local day (or month).
 */

/**
 * The day's distinct visitors and sessions with their numbers where they have one, so that
 * the sets below join a few hundred thousand rows instead of the project's whole numbering.
 */
export const DAY_MEMBERS_SQL = `create temp table day_members on commit drop as
  select d.kind, d.member, n.n
  from (
    select distinct ${NUMBERING.visitor}::int2 as kind, visitor_id as member from day_events
    union all
    select distinct ${NUMBERING.session}::int2, session_id from day_events
  ) d
  -- One index probe per member: cheaper than hashing the project's whole numbering.
  left join lateral (
    select m.n from member_numbers m where m.project_id = $1::uuid and m.kind = d.kind and m.member = d.member
  ) n on true`;

/** How many of the day's members of each kind have no number yet. */
export const FRESH_COUNTS_SQL = `select kind::int as kind, count(*)::int as fresh from day_members where n is null group by kind`;

/**
 * Reserves `$3` numbers of kind `$2` from the project's counter and answers the counter after
 * the reservation; the reserved block ends just below it. Runs while the project's rollup
 * lock is held, so no other transaction reserves from the same counter meanwhile.
 */
export const RESERVE_NUMBERS_SQL = `insert into member_counters as c (project_id, kind, next_n) values ($1::uuid, $2::int2, $3::bigint)
  on conflict (project_id, kind) do update set next_n = c.next_n + excluded.next_n
  returning next_n::text as next_n`;

/**
 * Every member of the day with its number: the stored one, or the next of its kind's reserved
 * block ($1 visitors' first, $2 sessions' first) in uuid order. A copy rather than an UPDATE
 * joined to the new numbers, which PostgreSQL could only plan blind.
 */
export const DAY_NUMBERS_SQL = `create temp table day_numbers on commit drop as
  select kind, member, n is null as fresh,
    coalesce(n, (case kind when ${NUMBERING.visitor} then $1::bigint else $2::bigint end)
      + row_number() over (partition by kind, n is null order by member) - 1)::int as n
  from day_members`;

export const INSERT_NUMBERS_SQL = `insert into member_numbers (project_id, kind, member, n)
  select $1::uuid, kind, member, n from day_numbers where fresh`;

/** The day's members of one distinct metric, one row per (scope, bot flag, member). */
function metricMembers(metric: DistinctMetric): string {
  const levels: readonly Level[] = metric.levels;
  const scopes = [
    levels.includes('project') ? `''::text` : undefined,
    levels.includes('video') ? VIDEO_SCOPE_SQL : undefined,
    levels.includes('slot') ? SLOT_SCOPE_SQL : undefined,
  ].filter((s) => s !== undefined);
  return `select distinct ${metric.setKind}::int2 as kind, s.scope, d.is_bot, ${NUMBERING[metric.members]}::int2 as numbering, d.member
    from (${metric.daySelect}) d
    cross join lateral (values ${scopes.map((s) => `(${s})`).join(', ')}) as s(scope)`;
}

/** Page visitors (the pages report): visitors with a widget open, per page key. */
const PAGE_VISITORS = `select distinct ${SET_KIND.pageVisitor}::int2, coalesce(page_key, ''), is_bot, ${NUMBERING.visitor}::int2, visitor_id
    from day_events where type = 'widget_open'`;

/** Page viewers and page sessions (the site pages report): visitors and sessions with a page view, per page key. */
const PAGE_VIEWERS = `select distinct ${SET_KIND.pageViewer}::int2, coalesce(page_key, ''), is_bot, ${NUMBERING.visitor}::int2, visitor_id
    from day_events where type = 'page_view'`;
const PAGE_SESSIONS = `select distinct ${SET_KIND.pageSession}::int2, coalesce(page_key, ''), is_bot, ${NUMBERING.session}::int2, session_id
    from day_events where type = 'page_view'`;

/** Impressed visitors (the uplift report): visitors with an impression, project-wide. */
const IMPRESSED = `select distinct ${SET_KIND.impressed}::int2, ''::text, is_bot, ${NUMBERING.visitor}::int2, visitor_id
    from day_events where type = 'impression'`;

/** Held-out visitors (the uplift's holdout): visitors with a verified `holdout` event (stageSql.ts), project-wide. */
const HELD_OUT = `select distinct ${SET_KIND.heldOut}::int2, ''::text, is_bot, ${NUMBERING.visitor}::int2, visitor_id
    from day_events where type = 'holdout' and held_out`;

/**
 * Every set of the day, as the member numbers of each (kind, scope, bot flag) in `int4send`
 * bytes: one part per distinct metric of the registry, plus the page sets. `missing` counts
 * members without a number, which numbering above makes impossible; the caller refuses to
 * write a set that would silently lack them. Reads the staged tables only.
 */
export const DAY_SETS_SQL = `with
  members as (
    ${[...METRICS.filter((m) => m.kind === 'distinct').map(metricMembers), PAGE_VISITORS, PAGE_VIEWERS, PAGE_SESSIONS, IMPRESSED, HELD_OUT].join('\n    union all\n    ')}
  )
  select m.kind::int as kind, m.scope collate "C" as scope, m.is_bot,
    coalesce(string_agg(int4send(n.n), ''::bytea), ''::bytea) as numbers,
    count(*) filter (where n.n is null)::int as missing
  from members m
  left join day_numbers n on n.kind = m.numbering and n.member = m.member
  -- Grouped by the scope's bytes: the same groups as its collation's (a deterministic one),
  -- found by a far cheaper sort.
  group by m.kind, m.scope collate "C", m.is_bot`;

export const INSERT_DAY_SETS_SQL = `insert into daily_sets (project_id, day, kind, scope, is_bot, cardinality, members)
  select $1::uuid, $2::date, * from unnest($3::int2[], $4::text[], $5::boolean[], $6::int[], $7::bytea[])`;

/** The month's rollup stamp; $2 = its first day. */
const MONTH_STAMP = monthStampSql('$1::uuid', '$2::date');

export const MONTH_STAMP_SQL = `select ${MONTH_STAMP} as stamp`;

/** Whether a month has rolled-up days but no merge matching their stamp. */
export const MONTH_STALE_SQL = `select ${MONTH_STAMP} <> '0/0'
  and not exists (select 1 from rollup_months m where m.project_id = $1::uuid and m.month = $2::date
                   and m.stamp = ${MONTH_STAMP}) as stale`;

export const MONTH_DAY_SETS_SQL = `select kind::int as kind, scope, is_bot, members from daily_sets
  where project_id = $1::uuid and day >= $2::date and day < ($2::date + interval '1 month')
  order by kind, scope, is_bot`;

export const DELETE_MONTH_SETS_SQL = `delete from monthly_sets where project_id = $1::uuid and month = $2::date`;

export const INSERT_MONTH_SETS_SQL = `insert into monthly_sets (project_id, month, kind, scope, is_bot, cardinality, members)
  select $1::uuid, $2::date, * from unnest($3::int2[], $4::text[], $5::boolean[], $6::int[], $7::bytea[])`;

export const STAMP_MONTH_SQL = `insert into rollup_months (project_id, month, stamp, merged_at)
  values ($1::uuid, $2::date, $3, clock_timestamp())
  on conflict (project_id, month) do update set stamp = excluded.stamp, merged_at = excluded.merged_at`;

/**
 * Per visitor (by member number) with a goal on the day: goals a play assisted (the counted
 * conversions) and goals none did, each with its value in the project currency, so the uplift
 * report can split them by which range sets hold the visitor. Goals are never bots'.
 */
export const INSERT_DAY_VISITOR_GOALS_SQL = `insert into daily_visitor_goals
    (project_id, day, visitor_n, is_bot, assisted, assisted_value, unassisted, unassisted_value)
  select $1::uuid, $2::date, n.n, false,
    count(*) filter (where g.assisted), coalesce(sum(g.value) filter (where g.assisted), 0),
    count(*) filter (where not g.assisted), coalesce(sum(g.value) filter (where not g.assisted), 0)
  from (
    select visitor_id, true as assisted, case when in_project_currency then value end as value from day_conversions
    union all
    select visitor_id, false, value from day_unassisted
  ) g
  join day_numbers n on n.kind = ${NUMBERING.visitor} and n.member = g.visitor_id
  group by n.n`;
