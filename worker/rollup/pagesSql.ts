import { metricNamed } from '../../shared/metrics/levels.js';
import type { MetricName } from '../../shared/metrics/registry.js';

/** The day aggregate of an additive registry figure, so a page counts what the project counts. */
function aggregateOf(name: MetricName): string {
  const metric = metricNamed(name);
  if (metric.kind !== 'additive') throw new Error(`${name} is not an additive figure`);
  return metric.aggregate;
}

/**
 * The day's pages (daily_page), from the staged rows; $1 project id, $2 the local day. Views,
 * opens and interactions count the events carrying the page's key, as the registry defines
 * pageviews, opens and interactions; entries and exits count the
 * sessions that started on the day with a page view, at their first and last page view; timed
 * views and their summed time on page come from day_page_views (pageTimes.ts).
 */
export const PAGES_SQL = `insert into daily_page (project_id, day, page_key, is_bot, opens, views, entries, exits, timed_views, time_on_page_ms, interactions)
  select $1::uuid, $2::date, page_key, is_bot, sum(opens), sum(views), sum(entries), sum(exits), sum(timed), sum(ms), sum(interactions)
  from (
    select coalesce(page_key, '') as page_key, is_bot,
      ${aggregateOf('opens')} as opens, ${aggregateOf('pageviews')} as views,
      0 as entries, 0 as exits, 0 as timed, 0 as ms,
      ${aggregateOf('interactions')} as interactions
    -- Opens without a page key keep their '' row; other events without one belong to no page.
    from day_events where type = 'widget_open' or (page_key is not null and type in ('page_view', 'click', 'form_submit'))
    group by 1, 2
    union all
    select entry_page, is_bot, 0, 0, count(*), 0, 0, 0, 0
    from day_sessions where pageviews > 0 and entry_page is not null group by 1, 2
    union all
    select exit_page, is_bot, 0, 0, 0, count(*), 0, 0, 0
    from day_sessions where exit_page is not null group by 1, 2
    union all
    select coalesce(page_key, ''), is_bot, 0, 0, 0, 0, count(time_ms), coalesce(sum(time_ms), 0), 0
    from day_page_views group by 1, 2
  ) p
  group by page_key, is_bot`;
