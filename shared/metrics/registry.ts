import { SET_KIND } from '../sets/kinds.js';
import type { AdditiveMetric, DistinctMetric, RatioMetric, Source } from './define.js';

/**
 * Every figure of the overview and videos answers, defined once. Adding a figure means adding
 * an entry here (and, for an additive one, its column in a migration); the rollup, the stats
 * queries, the response schemas and the OpenAPI document follow. The order here is the order
 * of fields in answers.
 * Distinct metrics name their stored set kind from `shared/sets/kinds.ts`, where kind numbers
 * are allocated once and never reused.
 */

/** An additive count stored as bigint. */
function count<const N extends string, const L extends AdditiveMetric['levels']>(
  name: N,
  column: string,
  source: Source,
  levels: L,
  aggregate: string,
  description: string,
) {
  return { kind: 'additive', name, column, source, levels, aggregate, description, type: 'count', sqlType: 'bigint' } as const;
}

/** An additive amount of seconds, fractional, stored as double precision. */
function seconds<const N extends string, const L extends AdditiveMetric['levels']>(
  name: N,
  column: string,
  source: Source,
  levels: L,
  aggregate: string,
  description: string,
) {
  return { kind: 'additive', name, column, source, levels, aggregate, description, type: 'decimal', sqlType: 'double precision' } as const;
}

export const METRICS = [
  count(
    'impressions',
    'impressions',
    'events',
    ['project', 'slot'],
    `count(*) filter (where type = 'impression')`,
    'Times the widget was rendered on a page; for a video or slot, the impressions that named it (the project total also holds those that named none).',
  ),
  count(
    'opens',
    'opens',
    'events',
    ['project', 'slot'],
    `count(*) filter (where type = 'widget_open')`,
    'Times the widget was clicked open; for a video or slot, the opens that named it (the project total also holds those that named none).',
  ),
  {
    kind: 'distinct',
    name: 'openers',
    levels: ['project'],
    setKind: SET_KIND.opener,
    members: 'visitor',
    daySelect: `select is_bot, visitor_id as member from day_events where type = 'widget_open'`,
    description: 'Distinct visitors who opened the widget; over a range, distinct over the whole range.',
  },
  {
    ...count(
      'interactions',
      'interactions',
      'events',
      ['project', 'slot'],
      `count(*) filter (where type in ('widget_open', 'click', 'form_submit'))`,
      'Widget opens, clicks in videos (CTA, details, branch choices) and form submits; for a video or slot, its clicks.',
    ),
    // An open that names its video is still the widget's interaction, not the video's.
    slotAggregate: `count(*) filter (where type = 'click')`,
  },
  {
    kind: 'distinct',
    name: 'visitors',
    levels: ['project'],
    setKind: SET_KIND.visitor,
    members: 'visitor',
    daySelect: `select is_bot, visitor_id as member from day_events`,
    description: 'Distinct visitors with any event; over a range, distinct over the whole range.',
  },
  count('pageviews', 'pageviews', 'events', ['project'], `count(*) filter (where type = 'page_view')`, 'Page views (page_view events).'),
  count(
    'sessions',
    'sessions',
    'sessions',
    ['project'],
    `count(*)`,
    'Sessions that started on the day (in the project time zone); a session counts once, on its start day, so sums over days are exact.',
  ),
  count('bounces', 'bounces', 'sessions', ['project'], `count(*) filter (where bounce)`, 'Sessions with at most one page view and no interaction (widget open, click, play, form submit, conversion, custom event, Video Spec signal).'),
  seconds(
    'sessionSeconds',
    'session_seconds',
    'sessions',
    ['project'],
    `coalesce(sum(duration), 0)`,
    'Sum of session durations in seconds (last event minus first; 0 for a session of one event).',
  ),
  count('sessionPages', 'session_pages', 'sessions', ['project'], `coalesce(sum(pageviews), 0)`, 'Sum of the page views of the sessions that started on the day.'),
  count('newSessions', 'new_sessions', 'sessions', ['project'], `count(*) filter (where is_new)`, "Sessions that are their visitor's first session in the project."),
  count('returningSessions', 'returning_sessions', 'sessions', ['project'], `count(*) filter (where not is_new)`, 'Sessions of visitors seen in an earlier session.'),
  count('plays', 'plays', 'plays', ['project', 'slot'], `count(*)`, 'Plays that started, each on the day of its earliest start; a resumed play is not counted again.'),
  {
    kind: 'distinct',
    name: 'viewers',
    levels: ['project', 'video', 'slot'],
    setKind: SET_KIND.viewer,
    members: 'visitor',
    daySelect: `select is_bot, video_id, slot_id, visitor_id as member from day_plays`,
    description: 'Distinct visitors with a play; never a sum of daily, slot or video figures.',
  },
  count('reach25', 'reach25', 'milestones', ['project', 'slot'], `count(*) filter (where percent = 25)`, 'Plays that crossed 25 %, on the day first crossed.'),
  count('reach50', 'reach50', 'milestones', ['project', 'slot'], `count(*) filter (where percent = 50)`, 'Plays that crossed 50 %, on the day first crossed.'),
  count('reach75', 'reach75', 'milestones', ['project', 'slot'], `count(*) filter (where percent = 75)`, 'Plays that crossed 75 %, on the day first crossed.'),
  count('reach100', 'reach100', 'milestones', ['project', 'slot'], `count(*) filter (where percent = 100)`, 'Plays that reached the end, on the day first reached.'),
  seconds(
    'watchSeconds',
    'watch_seconds',
    'events',
    ['project', 'slot'],
    `coalesce(sum(seconds) filter (where type = 'video_time'), 0)`,
    'Media seconds actually played (not seeked over), summed as sent.',
  ),
  count('ctaClicks', 'cta_clicks', 'events', ['project', 'slot'], `count(*) filter (where type = 'click' and target = 'cta')`, 'Clicks on the CTA button in a video.'),
  count('detailClicks', 'detail_clicks', 'events', ['project', 'slot'], `count(*) filter (where type = 'click' and target = 'detail')`, 'Clicks on the details button in a video.'),
  count('choiceClicks', 'choice_clicks', 'events', ['project', 'slot'], `count(*) filter (where type = 'click' and target = 'choice')`, 'Branch choices in a video.'),
  count(
    'conversions',
    'conversions',
    'conversions',
    ['project', 'slot'],
    `count(*)`,
    'URL-rule matches and conversion events that count (within the window after a play), on the day they happened.',
  ),
  {
    kind: 'distinct',
    name: 'converters',
    levels: ['project', 'video', 'slot'],
    setKind: SET_KIND.converter,
    members: 'visitor',
    daySelect: `select is_bot, video_id, slot_id, visitor_id as member from day_conversions`,
    description: 'Distinct visitors with a counted conversion; over a range, distinct over the whole range.',
  },
  {
    kind: 'additive',
    name: 'conversionValue',
    column: 'conversion_value',
    source: 'conversions',
    levels: ['project', 'slot'],
    aggregate: `coalesce(sum(value) filter (where in_project_currency), 0)`,
    type: 'decimal',
    sqlType: 'numeric',
    readFrom: 'currencyValues',
    description: 'Sum of conversion values in the project currency.',
  },
  { kind: 'ratio', name: 'playRate', numerator: 'plays', denominator: 'opens', description: 'plays / opens' },
  { kind: 'ratio', name: 'completionRate', numerator: 'reach100', denominator: 'plays', description: 'reach100 / plays' },
  { kind: 'ratio', name: 'ctr', numerator: 'ctaClicks', denominator: 'plays', description: 'ctaClicks / plays' },
  { kind: 'ratio', name: 'cvr', numerator: 'converters', denominator: 'viewers', description: 'converters / viewers: the share of viewers who converted (at most 1)' },
  { kind: 'ratio', name: 'avgWatchSeconds', numerator: 'watchSeconds', denominator: 'plays', description: 'watchSeconds / plays' },
  { kind: 'ratio', name: 'bounceRate', numerator: 'bounces', denominator: 'sessions', description: 'bounces / sessions' },
  { kind: 'ratio', name: 'avgSessionSeconds', numerator: 'sessionSeconds', denominator: 'sessions', description: 'sessionSeconds / sessions' },
  { kind: 'ratio', name: 'pagesPerSession', numerator: 'sessionPages', denominator: 'sessions', description: 'sessionPages / sessions' },
] as const satisfies readonly (AdditiveMetric | DistinctMetric | RatioMetric)[];

export type Metric = (typeof METRICS)[number];
export type MetricName = Metric['name'];
