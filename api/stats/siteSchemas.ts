import { z } from 'zod';
import { metricNamed } from '../../shared/metrics/levels.js';
import type { MetricName } from '../../shared/metrics/registry.js';
import { REFERRER_SOURCES, type ReferrerSource } from '../../shared/sessions/columns.js';
import { count, day, Range } from './schemaParts.js';

/**
 * Response shapes of the site answers (`site`, `site/pages`), described from the metric
 * registry; the other stats answers are in schemas.ts.
 */

/** A registry figure's schema with the registry's own description. */
function figure<T extends z.ZodType>(name: MetricName, type: T): T {
  return type.meta({ description: metricNamed(name).description });
}

const ratio = z.number().nullable();

/** The site figures of a range, a day or an hour (docs/architecture.md, "Site figures"). */
export const SiteFigures = z.object({
  visitors: figure('visitors', count),
  sessions: figure('sessions', count),
  pageviews: figure('pageviews', count),
  bounces: figure('bounces', count),
  bounceRate: figure('bounceRate', ratio),
  avgSessionSeconds: figure('avgSessionSeconds', ratio),
  pagesPerSession: figure('pagesPerSession', ratio),
  newSessions: figure('newSessions', count),
  returningSessions: figure('returningSessions', count),
  openers: figure('openers', count),
  interactions: figure('interactions', count),
  sources: z
    .object(Object.fromEntries(REFERRER_SOURCES.map((c) => [c, count])) as Record<ReferrerSource, typeof count>)
    .meta({ description: "Sessions that started in the range (day, hour) per source class of their entry page's referrer." }),
});
export type SiteFigures = z.output<typeof SiteFigures>;

export const DaySiteFigures = SiteFigures.extend({ date: day });
export const HourSiteFigures = SiteFigures.extend({
  hour: z.string().meta({
    description:
      'Start of the local hour, ISO 8601 with its offset (2026-11-01T01:00:00-05:00). A repeated hour at the end of daylight saving time appears twice, each with its own offset.',
  }),
});

export const SiteResponse = z.object({
  ...Range,
  interval: z.enum(['day', 'hour']),
  totals: SiteFigures.meta({
    description: 'Over the whole range: visitors and openers are distinct over it; sessions count on the local day they started.',
  }),
  series: z.union([z.array(DaySiteFigures), z.array(HourSiteFigures)]).meta({
    description:
      'One entry per local day (interval=day) or per local hour (interval=hour) of the range, in order, zero-filled. Hourly visitors and openers are distinct within the hour (with includeBots, the bot and non-bot counts of the hour are added).',
  }),
});
export type SiteResponse = z.output<typeof SiteResponse>;
export type HourSiteFigures = z.output<typeof HourSiteFigures>;

const pageFigures = {
  views: count.meta({ description: 'Page views of the page.' }),
  visitors: count.meta({ description: 'Distinct visitors with a page view of the page.' }),
  sessions: count.meta({ description: 'Distinct sessions with a page view of the page.' }),
  entries: count.meta({ description: 'Sessions that started on a day of the range with their first page view on the page.' }),
  exits: count.meta({ description: 'Sessions that started on a day of the range with their last page view on the page.' }),
  exitRate: ratio.meta({ description: 'exits / views' }),
  avgTimeOnPageSeconds: ratio.meta({
    description: 'Mean time on page of the page views whose time is known (from a page_exit, else the gap to the next page view).',
  }),
  medianTimeOnPageSeconds: ratio.meta({
    description:
      'Median time on page: the lower bound of the histogram bucket (1 s below 60 s, 5 s below 10 min, 60 s below 1 h, 10 min above) holding the lower median.',
  }),
  opens: count.meta({ description: 'Widget opens on the page.' }),
  openRate: ratio.meta({ description: 'opens / views: how often a page view led to opening the widget.' }),
  openers: count.meta({ description: 'Distinct visitors who opened the widget on the page.' }),
  interactions: count.meta({ description: 'Widget opens, clicks and form submits on the page.' }),
};

export const SitePageFigures = z.object({
  url: z.string().meta({ description: 'The page key: lowercased scheme and host, plus the path.' }),
  ...pageFigures,
});
export type SitePageFigures = z.output<typeof SitePageFigures>;

export const SitePagesOther = z.object(pageFigures);
export type SitePagesOther = z.output<typeof SitePagesOther>;

export const SitePagesResponse = z.object({
  ...Range,
  pages: z.array(SitePageFigures).meta({ description: 'At most `limit` pages, by views descending, then url.' }),
  other: SitePagesOther.nullable().meta({
    description: 'The pages past `limit` together (distinct figures and the median over all of them); null when none.',
  }),
});
export type SitePagesResponse = z.output<typeof SitePagesResponse>;
