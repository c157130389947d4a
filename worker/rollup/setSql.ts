import { NUMBERING, SET_KIND, SLOT_SCOPE_SQL, VIDEO_SCOPE_SQL } from '../../shared/sets/kinds.js';

/**
 * Statements behind the member sets (distinct metrics) of one project-day. Those that read
 * events take $1 project id and $2/$3 the day's bounds as instants; those that write sets
 * take $1 project id and $2 the local day (or month).
 */

type IdColumn = 'visitor_id' | 'session_id';

/**
 * Numbers the day's visitors or sessions that have none yet, densely from the project's
 * counter, in uuid order. Runs inside the rollup's REPEATABLE READ transaction while the
 * project's rollup lock is held, so no other transaction numbers the same project meanwhile.
 */
const numberSql = (numbering: number, column: IdColumn) => `with
  fresh as materialized (
    select d.member from (
      select distinct ${column} as member from events
      where project_id = $1::uuid and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz
    ) d
    where not exists (
      select 1 from member_numbers n where n.project_id = $1::uuid and n.kind = ${numbering} and n.member = d.member
    )
  ),
  counter as (
    insert into member_counters as c (project_id, kind, next_n)
    select $1::uuid, ${numbering}, count(*) from fresh having count(*) > 0
    on conflict (project_id, kind) do update set next_n = c.next_n + excluded.next_n
    returning c.next_n
  )
  insert into member_numbers (project_id, kind, member, n)
  select $1::uuid, ${numbering}, f.member, (c.next_n - f.total + f.rn - 1)::int
  from (select member, row_number() over (order by member) as rn, count(*) over () as total from fresh) f
  cross join counter c`;

export const NUMBER_VISITORS_SQL = numberSql(NUMBERING.visitor, 'visitor_id');
export const NUMBER_SESSIONS_SQL = numberSql(NUMBERING.session, 'session_id');

/**
 * Every set of the day, as the member numbers of each (kind, scope, bot flag) in `int4send`
 * bytes: visitors and sessions of every event, page visitors of widget opens (scope = page
 * key), viewers of the plays that start on the day (project, video and slot scopes).
 * `missing` counts members without a number, which numbering above makes impossible; the
 * caller refuses to write a set that would silently lack them.
 */
export const DAY_SETS_SQL = `with
  candidates as (
    select x.kind, x.scope, e.is_bot, x.numbering, x.member
    from events e
    cross join lateral (values
      (${SET_KIND.visitor}::int2, ''::text, ${NUMBERING.visitor}::int2, e.visitor_id),
      (${SET_KIND.session}::int2, ''::text, ${NUMBERING.session}::int2, e.session_id),
      (${SET_KIND.pageVisitor}::int2, coalesce(e.page_key, ''), ${NUMBERING.visitor}::int2,
        case when e.type = 'widget_open' then e.visitor_id end)
    ) as x(kind, scope, numbering, member)
    where e.project_id = $1::uuid and e.occurred_at >= $2::timestamptz and e.occurred_at < $3::timestamptz
      and x.member is not null
    union all
    select ${SET_KIND.viewer}::int2, s.scope, p.is_bot, ${NUMBERING.visitor}::int2, p.visitor_id
    from plays p
    cross join lateral (values (''::text), (${VIDEO_SCOPE_SQL}), (${SLOT_SCOPE_SQL})) as s(scope)
    where p.project_id = $1::uuid and p.first_at >= $2::timestamptz and p.first_at < $3::timestamptz
  ),
  members as (select distinct kind, scope, is_bot, numbering, member from candidates)
  select m.kind::int as kind, m.scope, m.is_bot,
    coalesce(string_agg(int4send(n.n), ''::bytea), ''::bytea) as numbers,
    count(*) filter (where n.n is null)::int as missing
  from members m
  left join member_numbers n on n.project_id = $1::uuid and n.kind = m.numbering and n.member = m.member
  group by m.kind, m.scope, m.is_bot`;

export const INSERT_DAY_SETS_SQL = `insert into daily_sets (project_id, day, kind, scope, is_bot, cardinality, members)
  select $1::uuid, $2::date, * from unnest($3::int2[], $4::text[], $5::boolean[], $6::int[], $7::bytea[])`;

/** A month's rollup stamp: changes whenever one of its days is rolled up again. $2 = its first day. */
export const MONTH_STAMP_SQL = `select coalesce(max(seq), 0)::text || '/' || count(*)::text as stamp
  from rollup_days where project_id = $1::uuid and day >= $2::date and day < ($2::date + interval '1 month')`;

export const MONTH_DAY_SETS_SQL = `select kind::int as kind, scope, is_bot, members from daily_sets
  where project_id = $1::uuid and day >= $2::date and day < ($2::date + interval '1 month')
  order by kind, scope, is_bot`;

export const DELETE_MONTH_SETS_SQL = `delete from monthly_sets where project_id = $1::uuid and month = $2::date`;

export const INSERT_MONTH_SETS_SQL = `insert into monthly_sets (project_id, month, kind, scope, is_bot, cardinality, members)
  select $1::uuid, $2::date, * from unnest($3::int2[], $4::text[], $5::boolean[], $6::int[], $7::bytea[])`;

export const STAMP_MONTH_SQL = `insert into rollup_months (project_id, month, stamp, merged_at)
  values ($1::uuid, $2::date, $3, clock_timestamp())
  on conflict (project_id, month) do update set stamp = excluded.stamp, merged_at = excluded.merged_at`;
