/**
 * The set-based statements of one project-day rollup. Parameters shared by all of them:
 * $1 project id, $2 the local day, $3 and $4 its bounds [day 00:00, next day 00:00) in the
 * project's zone as instants (so a DST day is 23 or 25 hours long).
 */

/**
 * The day's events, read from the partition once per rollup instead of once per statement
 * (a busy day is a quarter of its month's partition, so each statement scanned it). Only the
 * columns the rollup reads (full URLs only of page views, which rules match); dropped at the
 * end of the rollup's transaction. $1 project id, $2/$3 the day's bounds.
 */
export const DAY_EVENTS_SQL = `create temp table day_events on commit drop as
  select project_id, event_id, type, occurred_at, visitor_id, session_id, video_id, slot_id, to_slot_id,
    seconds, target, case when type = 'page_view' then url end as url, page_key, is_bot, order_id, value, currency
  from events
  where project_id = $1::uuid and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz`;

/** Daily tables a rollup replaces; each has (project_id, day). */
export const DAILY_TABLES = [
  'daily_project',
  'daily_slot',
  'daily_page',
  'daily_transitions',
  'daily_conversion_values',
  'daily_sets',
] as const;

/**
 * The project's settings, the day's bounds computed by PostgreSQL's own zone rules, and the
 * month whose sets the rollup keeps merged: the day's own month once it has ended in the
 * project's zone, else the month before it (so a month is merged soon after it ends even when
 * none of its days is rolled up again).
 */
export const PROJECT_SQL = `select currency, conversion_window_days,
    (($2::date)::timestamp at time zone timezone)::text as lo,
    (($2::date + 1)::timestamp at time zone timezone)::text as hi,
    case when (date_trunc('month', $2::date) + interval '1 month')::date <= (now() at time zone timezone)::date
      then date_trunc('month', $2::date) else date_trunc('month', $2::date) - interval '1 month'
    end::date::text as merge_month
  from projects where id = $1::uuid`;

export const RULES_SQL = `select id, kind, pattern from conversion_rules where project_id = $1::uuid order by id`;

export const deleteDaySql = (table: (typeof DAILY_TABLES)[number]): string =>
  `delete from ${table} where project_id = $1::uuid and day = $2::date`;

/** A page view `e` matches a compiled rule `r` (see rules.ts); never a regex. */
const MATCHES = `((r.kind = 'exact' and e.page_key = r.operand)
    or (r.kind = 'prefix' and starts_with(e.url, r.operand))
    or (r.kind = 'pattern' and e.url like r.operand escape '\\'))`;

/** The visitor's latest non-bot play started at or before `at` (ties: the greater play id). */
const latestPlay = (visitor: string, at: string) => `(select p.first_at, p.video_id, p.slot_id from plays p
    where p.project_id = $1::uuid and p.visitor_id = ${visitor} and not p.is_bot and p.first_at <= ${at}
    order by p.first_at desc, p.play_id desc limit 1)`;

/**
 * daily_slot, daily_conversion_values and daily_project in one statement, so the project row
 * is built from the very slot rows just written (additive metrics sum exactly).
 * Extra parameters: $5 the project's currency, $6 the conversion window in hours,
 * $7/$8/$9 the compiled rules (ids, kinds, operands).
 *
 * Conversions (non-bot only; each counts on its own day):
 * - a candidate is in window when the visitor's latest non-bot play with first_at <= its time
 *   started at most the window before it; it is attributed to that play's video and slot;
 * - URL rules: for each (visitor, session, rule) that matches a page view of the day, every
 *   matching non-bot page view of that (visitor, session) up to the day's end (all earlier
 *   days included) is checked; the first in-window one (time, then event id) takes the key
 *   and counts if it lies on this day;
 * - explicit conversions with an orderId: the same over every non-bot conversion of that
 *   orderId in the project; without an orderId each in-window conversion counts.
 * Values: conversion_value sums the values in the project's currency; daily_conversion_values
 * counts and sums, per currency, the explicit conversions that carry a value (a value always
 * comes with its currency; a currency without a value has nothing to show).
 */
export const SLOT_PROJECT_SQL = `with
  rules as (select * from unnest($7::uuid[], $8::text[], $9::text[]) as r(rule_id, kind, operand)),
  ev as (
    select coalesce(video_id, '') as video_id, coalesce(slot_id, '') as slot_id, is_bot,
      0::bigint as plays, 0::bigint as r25, 0::bigint as r50, 0::bigint as r75, 0::bigint as r100,
      coalesce(sum(seconds) filter (where type = 'video_time'), 0)::float8 as watch,
      count(*) filter (where type = 'click' and target = 'cta') as cta,
      count(*) filter (where type = 'click' and target = 'detail') as detail,
      count(*) filter (where type = 'click' and target = 'choice') as choice,
      0::bigint as conv, 0::numeric as value
    from day_events
    where project_id = $1::uuid and occurred_at >= $3::timestamptz and occurred_at < $4::timestamptz
      and type in ('video_time', 'click')
    group by 1, 2, 3
  ),
  pl as (
    select video_id, slot_id, is_bot, count(*) as plays, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
      0::float8, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::numeric
    from plays
    where project_id = $1::uuid and first_at >= $3::timestamptz and first_at < $4::timestamptz
    group by 1, 2, 3
  ),
  ms as (
    select video_id, slot_id, is_bot, 0::bigint,
      count(*) filter (where percent = 25), count(*) filter (where percent = 50),
      count(*) filter (where percent = 75), count(*) filter (where percent = 100),
      0::float8, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::numeric
    from play_milestones
    where project_id = $1::uuid and first_at >= $3::timestamptz and first_at < $4::timestamptz
    group by 1, 2, 3
  ),
  pv_day as (
    select distinct e.visitor_id, e.session_id, r.rule_id
    from day_events e join rules r on ${MATCHES}
    where e.project_id = $1::uuid and e.type = 'page_view' and not e.is_bot
      and e.occurred_at >= $3::timestamptz and e.occurred_at < $4::timestamptz
  ),
  pv_all as (
    select g.rule_id, e.visitor_id, e.session_id, e.occurred_at, e.event_id
    from pv_day g
    join rules r on r.rule_id = g.rule_id
    join events e on e.project_id = $1::uuid and e.visitor_id = g.visitor_id and e.occurred_at < $4::timestamptz
    where e.session_id = g.session_id and e.type = 'page_view' and not e.is_bot and ${MATCHES}
  ),
  pv_first as (
    select distinct on (m.visitor_id, m.session_id, m.rule_id) m.occurred_at, p.video_id, p.slot_id
    from pv_all m cross join lateral ${latestPlay('m.visitor_id', 'm.occurred_at')} p
    where m.occurred_at <= p.first_at + make_interval(hours => $6::int)
    order by m.visitor_id, m.session_id, m.rule_id, m.occurred_at, m.event_id
  ),
  cx_day as (
    select event_id, visitor_id, occurred_at, order_id, value, currency::text as currency
    from day_events
    where project_id = $1::uuid and type = 'conversion' and not is_bot
      and occurred_at >= $3::timestamptz and occurred_at < $4::timestamptz
  ),
  cx_all as (
    select * from cx_day where order_id is null
    union all
    select e.event_id, e.visitor_id, e.occurred_at, e.order_id, e.value, e.currency::text
    from (select distinct order_id from cx_day where order_id is not null) o
    join events e on e.project_id = $1::uuid and e.order_id = o.order_id
    where e.type = 'conversion' and not e.is_bot and e.occurred_at < $4::timestamptz
  ),
  cx_in as (
    select c.*, p.video_id, p.slot_id
    from cx_all c cross join lateral ${latestPlay('c.visitor_id', 'c.occurred_at')} p
    where c.occurred_at <= p.first_at + make_interval(hours => $6::int)
  ),
  cx_counted as (
    select occurred_at, video_id, slot_id, value, currency from cx_in where order_id is null
    union all
    select occurred_at, video_id, slot_id, value, currency from (
      select distinct on (order_id) * from cx_in where order_id is not null order by order_id, occurred_at, event_id
    ) f
  ),
  conv as (
    select video_id, slot_id, value, currency from cx_counted where occurred_at >= $3::timestamptz
    union all
    select video_id, slot_id, null::numeric, null::text from pv_first where occurred_at >= $3::timestamptz
  ),
  cv as (
    select video_id, slot_id, false as is_bot, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
      0::float8, 0::bigint, 0::bigint, 0::bigint, count(*) as conv,
      coalesce(sum(value) filter (where currency = $5::text), 0)::numeric as value
    from conv group by 1, 2
  ),
  parts as (select * from ev union all select * from pl union all select * from ms union all select * from cv),
  slot as (
    insert into daily_slot (project_id, day, video_id, slot_id, is_bot, plays, reach25, reach50, reach75, reach100,
      watch_seconds, cta_clicks, detail_clicks, choice_clicks, conversions, conversion_value)
    select $1::uuid, $2::date, video_id, slot_id, is_bot, sum(plays), sum(r25), sum(r50), sum(r75), sum(r100),
      sum(watch), sum(cta), sum(detail), sum(choice), sum(conv), sum(value)
    from parts group by video_id, slot_id, is_bot
    returning *
  ),
  per_currency as (
    insert into daily_conversion_values (project_id, day, video_id, slot_id, currency, is_bot, conversions, value)
    select $1::uuid, $2::date, video_id, slot_id, currency, false, count(*), coalesce(sum(value), 0)
    from conv where value is not null and currency is not null
    group by video_id, slot_id, currency
    returning 1
  ),
  top as (
    select is_bot, count(*) filter (where type = 'impression') as impressions, count(*) filter (where type = 'widget_open') as opens
    from day_events
    where project_id = $1::uuid and occurred_at >= $3::timestamptz and occurred_at < $4::timestamptz
      and type in ('impression', 'widget_open')
    group by is_bot
  ),
  slot_sum as (
    select is_bot, sum(plays) as plays, sum(reach25) as r25, sum(reach50) as r50, sum(reach75) as r75, sum(reach100) as r100,
      sum(watch_seconds) as watch, sum(cta_clicks) as cta, sum(detail_clicks) as detail, sum(choice_clicks) as choice,
      sum(conversions) as conv, sum(conversion_value) as value
    from slot group by is_bot
  ),
  proj as (
    insert into daily_project (project_id, day, is_bot, impressions, opens, plays, reach25, reach50, reach75, reach100,
      watch_seconds, cta_clicks, detail_clicks, choice_clicks, conversions, conversion_value)
    select $1::uuid, $2::date, k.is_bot, coalesce(t.impressions, 0), coalesce(t.opens, 0),
      coalesce(s.plays, 0), coalesce(s.r25, 0), coalesce(s.r50, 0), coalesce(s.r75, 0), coalesce(s.r100, 0),
      coalesce(s.watch, 0), coalesce(s.cta, 0), coalesce(s.detail, 0), coalesce(s.choice, 0),
      coalesce(s.conv, 0), coalesce(s.value, 0)
    from (select is_bot from top union select is_bot from slot_sum) k
    left join top t on t.is_bot = k.is_bot
    left join slot_sum s on s.is_bot = k.is_bot
    returning 1
  )
  select (select count(*) from slot)::int as slots, (select count(*) from per_currency)::int as currencies,
    (select count(*) from proj)::int as projects`;

export const PAGES_SQL = `insert into daily_page (project_id, day, page_key, is_bot, opens)
  select $1::uuid, $2::date, coalesce(page_key, ''), is_bot, count(*)
  from day_events
  where project_id = $1::uuid and type = 'widget_open' and occurred_at >= $3::timestamptz and occurred_at < $4::timestamptz
  group by 3, 4`;

export const TRANSITIONS_SQL = `insert into daily_transitions (project_id, day, from_slot_id, to_slot_id, is_bot, count)
  select $1::uuid, $2::date, coalesce(slot_id, ''), coalesce(to_slot_id, ''), is_bot, count(*)
  from day_events
  where project_id = $1::uuid and type = 'click' and target = 'choice'
    and occurred_at >= $3::timestamptz and occurred_at < $4::timestamptz
  group by 3, 4, 5`;

export const STAMP_SQL = `insert into rollup_days (project_id, day, seq, rolled_at)
  values ($1::uuid, $2::date, nextval('rollup_seq'), clock_timestamp())
  on conflict (project_id, day) do update set seq = excluded.seq, rolled_at = excluded.rolled_at
  returning seq::text as seq`;

export const SEEN_SQL = `select seq::text as seq from dirty_days where project_id = $1::uuid and day = $2::date`;
export const CLEAR_SQL = `delete from dirty_days where project_id = $1::uuid and day = $2::date and seq = $3::bigint`;

/**
 * The project's rollup lock, session-level: held across the REPEATABLE READ transactions of a
 * day and its month merge, taken before they begin. One per project (not per day) because
 * every rollup may number new visitors from the project's one counter.
 */
const ROLLUP_LOCK_SPACE = 1;
export const LOCK_SQL = `select pg_advisory_lock(${ROLLUP_LOCK_SPACE}, hashtext($1::uuid::text))`;
/** The same lock without waiting: true when taken, false when someone holds it. */
export const TRY_LOCK_SQL = `select pg_try_advisory_lock(${ROLLUP_LOCK_SPACE}, hashtext($1::uuid::text)) as locked`;
export const UNLOCK_SQL = `select pg_advisory_unlock(${ROLLUP_LOCK_SPACE}, hashtext($1::uuid::text))`;
