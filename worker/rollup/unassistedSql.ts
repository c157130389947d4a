import { MATCHES } from '../../shared/rules/matchSql.js';
import { GOAL_CTES } from './conversionsSql.js';
import { EVENT_GOAL_CTES, EVENT_UNASSISTED_CTE, EVENT_UNASSISTED_SELECT } from './eventGoalsSql.js';
import { latestPlay } from './latestPlaySql.js';

/**
 * The goals of the day that no play assisted, staged as `day_unassisted` for the uplift
 * report: the same goals and the same deduplication as `day_conversions`, with the in-window
 * play requirement reversed. Same parameters as dayConversionsSql. Non-bot only;
 * event rules as URL rules (eventGoalsSql.ts).
 * - a URL rule's (visitor, session, rule) with no in-window matching page view, ever: its first
 *   matching page view, if on this day;
 * - a conversion event without an orderId that no play started within the window before;
 * - an orderId none of whose conversions is in window, ever: its first conversion, if on this day.
 * "Ever" looks past the day's end, because a later in-window match takes the goal as a counted
 * conversion on its own day; the goal then counts there and not here, so every goal counts
 * once, assisted or not. A later match or play re-dirties this day (the writer's cascade marks
 * every day of the session's page views and of the order's conversions).
 */
export const dayUnassistedSql = (withEventRules: boolean): string => `create temp table day_unassisted on commit drop as ${GOAL_CTES}${
  withEventRules ? EVENT_GOAL_CTES + EVENT_UNASSISTED_CTE : ''
},
  pv_unassisted as (
    select distinct on (m.visitor_id, m.session_id, m.rule_id) m.visitor_id, m.occurred_at
    from pv_all m
    where not exists (select 1 from pv_first f where f.visitor_id = m.visitor_id and f.session_id = m.session_id and f.rule_id = m.rule_id)
      and not exists (
        select 1 from events e join rules r on r.rule_id = m.rule_id and ${MATCHES}
        cross join lateral ${latestPlay('e.visitor_id', 'e.occurred_at')} p
        where e.project_id = $1::uuid and e.visitor_id = m.visitor_id and e.occurred_at >= $3::timestamptz
          and e.session_id = m.session_id and e.type = 'page_view' and not e.is_bot
          and e.occurred_at <= p.first_at + make_interval(hours => $5::int))
    order by m.visitor_id, m.session_id, m.rule_id, m.occurred_at, m.event_id
  ),
  cx_unassisted as (
    select c.visitor_id, c.occurred_at, c.value, c.currency
    from cx_all c where c.order_id is null and not exists (select 1 from cx_in i where i.event_id = c.event_id)
    union all
    select visitor_id, occurred_at, value, currency from (
      select distinct on (c.order_id) c.* from cx_all c
      where c.order_id is not null and c.order_id not in (select order_id from cx_in where order_id is not null)
        and not exists (
          select 1 from events e cross join lateral ${latestPlay('e.visitor_id', 'e.occurred_at')} p
          where e.project_id = $1::uuid and e.order_id = c.order_id and e.occurred_at >= $3::timestamptz
            and e.type = 'conversion' and not e.is_bot
            and (e.from_server or (not $9::boolean and e.order_id not in (select order_id from server_orders)))
            and e.occurred_at <= p.first_at + make_interval(hours => $5::int))
      order by c.order_id, c.occurred_at, c.event_id
    ) f
  )
  select visitor_id, case when coalesce(currency = $4::text, false) then value end as value
  from cx_unassisted where occurred_at >= $2::timestamptz
  union all
  select visitor_id, null::numeric from pv_unassisted where occurred_at >= $2::timestamptz${withEventRules ? EVENT_UNASSISTED_SELECT : ''}`;
