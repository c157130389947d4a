import { GOAL_CTES } from './conversionsSql.js';

/**
 * The goals of the day that no play assisted, staged as `day_unassisted` for the uplift
 * report: the same goals and the same deduplication as `day_conversions`, with the in-window
 * play requirement reversed. Same parameters as DAY_CONVERSIONS_SQL. Non-bot only.
 * - a URL rule's (visitor, session, rule) with no in-window matching page view up to the day's
 *   end: its first matching page view, if on this day;
 * - a conversion event without an orderId that no play started within the window before;
 * - an orderId none of whose conversions is in window: its first conversion, if on this day.
 * Together with `day_conversions` every goal counts once, assisted or not. A goal an in-window
 * play later takes over moves from here to there when its day is rolled up again.
 */
export const DAY_UNASSISTED_SQL = `create temp table day_unassisted on commit drop as ${GOAL_CTES},
  pv_unassisted as (
    select distinct on (m.visitor_id, m.session_id, m.rule_id) m.visitor_id, m.occurred_at
    from pv_all m
    where not exists (select 1 from pv_first f where f.visitor_id = m.visitor_id and f.session_id = m.session_id and f.rule_id = m.rule_id)
    order by m.visitor_id, m.session_id, m.rule_id, m.occurred_at, m.event_id
  ),
  cx_unassisted as (
    select c.visitor_id, c.occurred_at, c.value, c.currency
    from cx_all c where c.order_id is null and not exists (select 1 from cx_in i where i.event_id = c.event_id)
    union all
    select visitor_id, occurred_at, value, currency from (
      select distinct on (c.order_id) c.* from cx_all c
      where c.order_id is not null and c.order_id not in (select order_id from cx_in where order_id is not null)
      order by c.order_id, c.occurred_at, c.event_id
    ) f
  )
  select visitor_id, case when coalesce(currency = $4::text, false) then value end as value
  from cx_unassisted where occurred_at >= $2::timestamptz
  union all
  select visitor_id, null::numeric from pv_unassisted where occurred_at >= $2::timestamptz`;
