import { eventMatches, RULE_EVENT_TYPES } from '../../shared/rules/matchSql.js';
import { latestPlay } from './latestPlaySql.js';

/**
 * The goal candidates of event rules (a form submit, a custom event, a click label), appended
 * to GOAL_CTES only when the project has such rules, so URL-only projects run the URL
 * statements unchanged. Extra parameters: $10/$11/$12/$13 the compiled event rules (ids, kinds,
 * operands, qualifiers). Same semantics as the URL rules' pv_* CTEs: for each (visitor, session,
 * rule) matched by an event of the day, every matching non-bot event of that (visitor, session)
 * up to the day's end is checked; the first in-window one (time, then event id) takes the key.
 */
const MATCH_STAGED = eventMatches('e.form_id', 'e.outcome');
const MATCH_STORED = eventMatches(`(e.props->>'formId')`, `(e.props->>'outcome')`);

export const EVENT_GOAL_CTES = `,
  ev_rules as (
    select * from unnest($10::uuid[], $11::text[], $12::text[], $13::text[]) as r(rule_id, kind, operand, qualifier)
  ),
  ev_day as (
    select distinct e.visitor_id, e.session_id, r.rule_id
    from day_events e join ev_rules r on ${MATCH_STAGED}
    where e.type in ${RULE_EVENT_TYPES} and not e.is_bot
  ),
  ev_all as (
    select g.rule_id, e.visitor_id, e.session_id, e.occurred_at, e.event_id
    from ev_day g
    join ev_rules r on r.rule_id = g.rule_id
    join events e on e.project_id = $1::uuid and e.visitor_id = g.visitor_id and e.occurred_at < $3::timestamptz
    where e.session_id = g.session_id and e.type in ${RULE_EVENT_TYPES} and not e.is_bot and ${MATCH_STORED}
  ),
  ev_first as (
    select distinct on (m.visitor_id, m.session_id, m.rule_id) m.visitor_id, m.session_id, m.rule_id, m.occurred_at, p.play_id, p.video_id, p.slot_id
    from ev_all m cross join lateral ${latestPlay('m.visitor_id', 'm.occurred_at')} p
    where m.occurred_at <= p.first_at + make_interval(hours => $5::int)
    order by m.visitor_id, m.session_id, m.rule_id, m.occurred_at, m.event_id
  )`;

/** The day's counted event-rule conversions, as DAY_CONVERSIONS_SQL's rule rows. */
export const EVENT_CONVERSIONS_SELECT = `
  union all
  select visitor_id, session_id, play_id, video_id, slot_id, false, null::numeric, null::text, false, 'rule', rule_id::text, occurred_at
  from ev_first where occurred_at >= $2::timestamptz`;

/**
 * The event-rule goals of the day no play assisted, as unassistedSql.ts does for URL rules: a
 * (visitor, session, rule) with no in-window match, ever (later days included), counts on the
 * day of its first match.
 */
export const EVENT_UNASSISTED_CTE = `,
  ev_unassisted as (
    select distinct on (m.visitor_id, m.session_id, m.rule_id) m.visitor_id, m.occurred_at
    from ev_all m
    where not exists (select 1 from ev_first f where f.visitor_id = m.visitor_id and f.session_id = m.session_id and f.rule_id = m.rule_id)
      and not exists (
        select 1 from events e join ev_rules r on r.rule_id = m.rule_id and ${MATCH_STORED}
        cross join lateral ${latestPlay('e.visitor_id', 'e.occurred_at')} p
        where e.project_id = $1::uuid and e.visitor_id = m.visitor_id and e.occurred_at >= $3::timestamptz
          and e.session_id = m.session_id and e.type in ${RULE_EVENT_TYPES} and not e.is_bot
          and e.occurred_at <= p.first_at + make_interval(hours => $5::int))
    order by m.visitor_id, m.session_id, m.rule_id, m.occurred_at, m.event_id
  )`;

export const EVENT_UNASSISTED_SELECT = `
  union all
  select visitor_id, null::numeric from ev_unassisted where occurred_at >= $2::timestamptz`;
