import { matchableRules, MATCHES } from '../../shared/rules/matchSql.js';
import { EVENT_CONVERSIONS_SELECT, EVENT_GOAL_CTES } from './eventGoalsSql.js';
import { latestPlay } from './latestPlaySql.js';

/**
 * The conversions that count on the day, staged as `day_conversions` for the metrics, the
 * per-currency values, the goals and the converter sets. Parameters: $1 project id, $2/$3
 * the day's bounds, $4 the project's currency, $5 the conversion window in hours, $6/$7/$8
 * the compiled URL rules (ids, kinds, operands; none when only server conversions count), $9
 * whether only conversion events sent with the server key count, and with event rules
 * $10-$13 (eventGoalsSql.ts). Reads `day_events`.
 *
 * Non-bot only; each counts on its own day, attributed to the visitor's latest non-bot play
 * that started at most the window before it:
 * - URL rules: for each (visitor, session, rule) that matches a page view of the day, every
 *   matching non-bot page view of that (visitor, session) up to the day's end (all earlier
 *   days included) is checked; the first in-window one (time, then event id) takes the key
 *   and counts if it lies on this day;
 * - conversion events with an orderId: the same over every non-bot conversion of that orderId
 *   in the project; without an orderId each in-window conversion counts. Once a conversion with
 *   an orderId arrives with the server key, the browser ones with that orderId (before or after
 *   it: the public write key can post anything) no longer take part.
 * - event rules: the same as URL rules over the (visitor, session)'s matching events (eventGoalsSql.ts);
 * Goals: a rule's id (`goal_kind` 'rule') or the conversion type ('event'). `session_id` is the
 * goal's own session (of its page view or conversion event), which breakdowns file it under.
 * `play_id` is the play it is attributed to (the video funnel counts each such play once).
 */
/** The goal candidates of the day and their in-window subsets, shared with the unassisted goals (unassistedSql.ts). */
export const GOAL_CTES = `with
  rules as (
    ${matchableRules('unnest($6::uuid[], $7::text[], $8::text[]) as r(rule_id, kind, operand)')}
  ),
  pv_day as (
    select distinct e.visitor_id, e.session_id, r.rule_id
    from day_events e join rules r on ${MATCHES}
    where e.type = 'page_view' and not e.is_bot
  ),
  pv_all as (
    select g.rule_id, e.visitor_id, e.session_id, e.occurred_at, e.event_id
    from pv_day g
    join rules r on r.rule_id = g.rule_id
    join events e on e.project_id = $1::uuid and e.visitor_id = g.visitor_id and e.occurred_at < $3::timestamptz
    where e.session_id = g.session_id and e.type = 'page_view' and not e.is_bot and ${MATCHES}
  ),
  pv_first as (
    select distinct on (m.visitor_id, m.session_id, m.rule_id) m.visitor_id, m.session_id, m.rule_id, m.occurred_at, p.play_id, p.video_id, p.slot_id
    from pv_all m cross join lateral ${latestPlay('m.visitor_id', 'm.occurred_at')} p
    where m.occurred_at <= p.first_at + make_interval(hours => $5::int)
    order by m.visitor_id, m.session_id, m.rule_id, m.occurred_at, m.event_id
  ),
  cx_day as (
    select event_id, visitor_id, session_id, occurred_at, order_id, value, currency::text as currency, conversion_type, from_server
    from day_events
    where type = 'conversion' and not is_bot and (from_server or not $9::boolean)
  ),
  server_orders as (
    select distinct s.order_id
    from (select distinct order_id from cx_day where order_id is not null) o
    join events s on s.project_id = $1::uuid and s.order_id = o.order_id
    where s.type = 'conversion' and s.from_server and not s.is_bot
  ),
  cx_all as (
    select * from cx_day where order_id is null
    union all
    select e.event_id, e.visitor_id, e.session_id, e.occurred_at, e.order_id, e.value, e.currency::text, e.conversion_type, e.from_server
    from (select distinct order_id from cx_day where order_id is not null) o
    join events e on e.project_id = $1::uuid and e.order_id = o.order_id
    where e.type = 'conversion' and not e.is_bot and e.occurred_at < $3::timestamptz
      and (e.from_server or (not $9::boolean and e.order_id not in (select order_id from server_orders)))
  ),
  cx_in as (
    select c.*, p.play_id, p.video_id, p.slot_id
    from cx_all c cross join lateral ${latestPlay('c.visitor_id', 'c.occurred_at')} p
    where c.occurred_at <= p.first_at + make_interval(hours => $5::int)
  ),
  cx_counted as (
    select visitor_id, session_id, occurred_at, play_id, video_id, slot_id, value, currency, conversion_type from cx_in where order_id is null
    union all
    select visitor_id, session_id, occurred_at, play_id, video_id, slot_id, value, currency, conversion_type from (
      select distinct on (order_id) * from cx_in where order_id is not null order by order_id, occurred_at, event_id
    ) f
  )`;

export const dayConversionsSql = (withEventRules: boolean): string => `create temp table day_conversions on commit drop as ${GOAL_CTES}${
  withEventRules ? EVENT_GOAL_CTES : ''
}
  select visitor_id, session_id, play_id, video_id, slot_id, false as is_bot, value, currency,
    coalesce(currency = $4::text, false) as in_project_currency,
    'event'::text as goal_kind, coalesce(conversion_type, '') as goal, occurred_at as at
  from cx_counted where occurred_at >= $2::timestamptz
  union all
  select visitor_id, session_id, play_id, video_id, slot_id, false, null::numeric, null::text, false, 'rule', rule_id::text, occurred_at
  from pv_first where occurred_at >= $2::timestamptz${withEventRules ? EVENT_CONVERSIONS_SELECT : ''}`;
