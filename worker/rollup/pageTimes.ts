import { bucketSql } from '../../shared/rollup/timeBuckets.js';
import { MAX_TIME_ON_PAGE_MS } from '../normalize/fields.js';

/**
 * Time on page (docs/architecture.md, "Site figures"). A page view's time is the timeOnPageMs
 * of the first page_exit of the same session and page key that follows it before the
 * session's next page view, else the gap to that next page view (at most 24 h), else unknown.
 * A session that goes on after the day lends the rollup its page views and exits of the
 * following hours, read from `events` for those sessions only (by visitor, an indexed read),
 * up to the session's last event and at most 24 h past the day.
 *
 * Medians need a distribution: each (day, page, bot flag) keeps a histogram of whole seconds
 * (shared/rollup/timeBuckets.ts).
 */

/** The page views of the day with their time on page in ms (null when unknown); $1 project id, $2 the day's end. */
export const DAY_PAGE_VIEWS_SQL = `create temp table day_page_views on commit drop as
  with going_on as (
    select s.session_id, s.visitor_id, s.ended_at
    from sessions s
    where s.project_id = $1::uuid and s.ended_at >= $2::timestamptz
      and s.session_id in (select session_id from day_events where type = 'page_view')
  ),
  later as (
    select e.session_id, e.event_id, e.type, e.occurred_at, e.page_key, e.time_on_page_ms, e.is_bot, e.visitor_id, false as in_day
    from going_on g
    join events e on e.project_id = $1::uuid and e.visitor_id = g.visitor_id and e.session_id = g.session_id
      and e.occurred_at >= $2::timestamptz and e.occurred_at <= least(g.ended_at, $2::timestamptz + interval '24 hours')
      and e.type in ('page_view', 'page_exit')
  ),
  marked as (
    select session_id, event_id, type, occurred_at, page_key, time_on_page_ms, is_bot, visitor_id, true as in_day
    from day_events where type in ('page_view', 'page_exit')
    union all
    select * from later
  ),
  -- grp: the page view an event follows (a page_exit at the very instant of a page view follows it).
  grouped as (
    select *, count(*) filter (where type = 'page_view')
      over (partition by session_id order by occurred_at, type <> 'page_view', event_id) as grp
    from marked
  ),
  views as (
    select session_id, grp, event_id, occurred_at, page_key, is_bot, visitor_id, in_day,
      lead(occurred_at) over (partition by session_id order by grp) as next_at
    from grouped where type = 'page_view'
  ),
  exits as (
    select distinct on (session_id, grp, page_key) session_id, grp, page_key, time_on_page_ms
    from grouped
    where type = 'page_exit' and time_on_page_ms is not null and grp > 0
    order by session_id, grp, page_key, occurred_at, event_id
  )
  select v.session_id, v.visitor_id, v.event_id, v.page_key, v.is_bot,
    -- least/greatest skip nulls, so each case is guarded: an unknown time stays null.
    case
      when x.time_on_page_ms is not null then least(greatest(x.time_on_page_ms::bigint, 0), ${MAX_TIME_ON_PAGE_MS})
      when v.next_at is not null then least(round(extract(epoch from v.next_at - v.occurred_at) * 1000), ${MAX_TIME_ON_PAGE_MS})::bigint
    end as time_ms
  from views v
  left join exits x on x.session_id = v.session_id and x.grp = v.grp and x.page_key is not distinct from v.page_key
  where v.in_day`;

/** $1 project id, $2 the local day. */
export const PAGE_TIMES_SQL = `insert into daily_page_times (project_id, day, page_key, is_bot, bucket, views)
  select $1::uuid, $2::date, coalesce(page_key, ''), is_bot, ${bucketSql('time_ms')}, count(*)
  from day_page_views where time_ms is not null
  group by 3, 4, 5`;
