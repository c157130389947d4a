import { z } from 'zod';
import { DevicesQuery, LocationsQuery, parseDevicesQuery, parseLocationsQuery, parseVideosQuery, VideosQuery } from './breakdowns/params.js';
import { campaignsReport, devicesReport, locationsReport, sourcesReport, videosOrByReport } from './breakdowns/reports.js';
import { CampaignsResponse, DevicesResponse, LocationsResponse, SourcesResponse, VideosByResponse } from './breakdowns/schemas.js';
import { ListQuery, parseListQuery, parseRangeQuery, parseSiteQuery, RangeQuery, SiteQuery, type RangeParams } from './params.js';
import type { StatsQueries } from './queries.js';
import { clicksReport, ClicksQuery, parseClicksQuery } from './reports/clicks.js';
import { customEventsReport } from './reports/customEvents.js';
import { formsReport, goalsReport, overviewReport, pagesReport, sitePagesReport, siteReport, transitionsReport, type StatsProject } from './reports.js';
import { upliftReport } from './reports/uplift.js';
import { parseVideoFunnelQuery, videoFunnelReport, VideoFunnelQuery } from './reports/videoFunnel.js';
import { VideoFunnelResponse } from './videoFunnelSchemas.js';
import { AudienceRetentionQuery, audienceRetentionReport, parseAudienceRetentionQuery } from './reports/audienceRetention.js';
import { AudienceRetentionResponse } from './videoSchemas.js';
import {
  ClicksResponse,
  CustomEventsResponse,
  FormsResponse,
  GoalsResponse,
  OverviewResponse,
  PagesResponse,
  TransitionsResponse,
  UpliftResponse,
  VideosResponse,
} from './schemas.js';
import { SitePagesResponse, SiteResponse } from './siteSchemas.js';

type QuerySchema =
  | typeof RangeQuery
  | typeof ListQuery
  | typeof SiteQuery
  | typeof DevicesQuery
  | typeof LocationsQuery
  | typeof VideosQuery
  | typeof ClicksQuery
  | typeof VideoFunnelQuery
  | typeof AudienceRetentionQuery;

/** One validated request: what its ETag is made of, and how to compute its body. */
export interface PreparedStats {
  from: string;
  to: string;
  /** Every parameter after validation, defaults included. */
  params: Readonly<Record<string, string | number | boolean>>;
  run(queries: StatsQueries, project: StatsProject): Promise<unknown>;
}

/** A stats endpoint as the router and the OpenAPI document see it. */
export interface StatsEndpoint {
  /** Also the ETag's endpoint part. */
  name: string;
  /** Under /v1/stats. */
  path: string;
  summary: string;
  query: QuerySchema;
  response: z.ZodType;
  /** Validates the query string (400 naming the parameter); `timezone` (the project's) gives the default range. */
  prepare(query: unknown, timezone: string): PreparedStats;
}

interface EndpointSpec<P extends RangeParams, R> {
  name: string;
  summary: string;
  query: QuerySchema;
  parse(query: unknown, timezone: string): P;
  response: z.ZodType<R>;
  report(queries: StatsQueries, project: StatsProject, params: P): Promise<R>;
}

/** Ties a query schema, a response schema and a report together with their types checked. */
function endpoint<P extends RangeParams, R>(spec: EndpointSpec<P, R>): StatsEndpoint {
  return {
    name: spec.name,
    path: `/${spec.name}`,
    summary: spec.summary,
    query: spec.query,
    response: spec.response,
    prepare(query, timezone) {
      const params = spec.parse(query, timezone);
      return {
        from: params.from,
        to: params.to,
        params: { ...params },
        run: (queries, project) => spec.report(queries, project, params),
      };
    },
  };
}

export const STATS_ENDPOINTS: readonly StatsEndpoint[] = [
  endpoint({
    name: 'overview',
    summary: 'Project totals over a range and a series with one entry per local day',
    query: RangeQuery,
    parse: parseRangeQuery,
    response: OverviewResponse,
    report: overviewReport,
  }),
  endpoint({
    name: 'videos',
    summary: 'Figures per video and per slot over a range; with `by`, video figures per source, campaign, device or country of their sessions',
    query: VideosQuery,
    parse: parseVideosQuery,
    response: z.union([VideosResponse, VideosByResponse]),
    report: videosOrByReport,
  }),
  endpoint({
    name: 'pages',
    summary: 'Widget opens and their visitors per page over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: PagesResponse,
    report: pagesReport,
  }),
  endpoint({
    name: 'transitions',
    summary: 'Branch choices from slot to slot over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: TransitionsResponse,
    report: transitionsReport,
  }),
  endpoint({
    name: 'goals',
    summary: 'Counted conversions per goal (URL rule or conversion type) over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: GoalsResponse,
    report: goalsReport,
  }),
  endpoint({
    name: 'clicks',
    summary: 'Clicks per video, slot, target and label over a range',
    query: ClicksQuery,
    parse: parseClicksQuery,
    response: ClicksResponse,
    report: clicksReport,
  }),
  endpoint({
    name: 'custom-events',
    summary: 'Custom events per name over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: CustomEventsResponse,
    report: customEventsReport,
  }),
  endpoint({
    name: 'site',
    summary: 'Site figures (visitors, sessions, page views, bounces, sources) over a range, per local day or hour',
    query: SiteQuery,
    parse: parseSiteQuery,
    response: SiteResponse,
    report: siteReport,
  }),
  endpoint({
    name: 'site/pages',
    summary: 'Per page: views, visitors, sessions, entries, exits, time on page and widget opens over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: SitePagesResponse,
    report: sitePagesReport,
  }),
  endpoint({
    name: 'sources',
    summary: 'Project figures per source class and platform of the sessions over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: SourcesResponse,
    report: sourcesReport,
  }),
  endpoint({
    name: 'campaigns',
    summary: 'Project figures per UTM source, medium and campaign of the sessions’ entry pages over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: CampaignsResponse,
    report: campaignsReport,
  }),
  endpoint({
    name: 'devices',
    summary: 'Project figures per device type, browser or operating system of the sessions over a range',
    query: DevicesQuery,
    parse: parseDevicesQuery,
    response: DevicesResponse,
    report: devicesReport,
  }),
  endpoint({
    name: 'locations',
    summary: 'Project figures per country, region or city of the sessions over a range',
    query: LocationsQuery,
    parse: parseLocationsQuery,
    response: LocationsResponse,
    report: locationsReport,
  }),
  endpoint({
    name: 'forms',
    summary: 'Per form: starts, submits, completion and abandon rates, mean and median seconds to complete over a range',
    query: ListQuery,
    parse: parseListQuery,
    response: FormsResponse,
    report: formsReport,
  }),
  endpoint({
    name: 'uplift',
    summary: 'Visitors with an impression split into viewers and non-viewers, with their conversion rates and revenue per visitor, and video-assisted versus unassisted goals over a range (a correlation, not a causal effect)',
    query: RangeQuery,
    parse: parseRangeQuery,
    response: UpliftResponse,
    report: upliftReport,
  }),
  endpoint({
    name: 'video-funnel',
    summary: 'The video funnel per video and slot over a range: impression, open, play, 25/50/75/100 %, plays with a CTA click and plays with an attributed conversion',
    query: VideoFunnelQuery,
    parse: parseVideoFunnelQuery,
    response: VideoFunnelResponse,
    report: videoFunnelReport,
  }),
  endpoint({
    name: 'audience-retention',
    summary: 'One video’s audience retention over a range: per media second and per 1 % of its duration, the share of plays that watched it and the ratio counting rewatches, with the median drop-off second',
    query: AudienceRetentionQuery,
    parse: parseAudienceRetentionQuery,
    response: AudienceRetentionResponse,
    report: audienceRetentionReport,
  }),
];
