import type { RangeFields } from './types.js';

/**
 * The shapes of the transitions and site answers as the app reads them. They mirror the
 * server's response schemas; test/browser/dashboard/reportTypes.check.ts fails to compile when
 * the two drift apart.
 */

/** GET /v1/stats/transitions */
export interface TransitionsResponse extends RangeFields {
  transitions: { fromSlotId: string; toSlotId: string; count: number }[];
  other: { count: number } | null;
  /** Branches the catalog designs, chosen or not. */
  links: { fromSlotId: string; toSlotId: string }[];
}

export const REFERRER_SOURCES = ['direct', 'search', 'social', 'referral'] as const;
export type ReferrerSource = (typeof REFERRER_SOURCES)[number];

/** The site figures of a range, a day or an hour. */
export interface SiteFigures {
  visitors: number;
  sessions: number;
  pageviews: number;
  bounces: number;
  bounceRate: number | null;
  avgSessionSeconds: number | null;
  pagesPerSession: number | null;
  newSessions: number;
  returningSessions: number;
  openers: number;
  interactions: number;
  sources: Record<ReferrerSource, number>;
}

/** GET /v1/stats/site: `date` per day (interval=day) or `hour` (ISO 8601 with offset) per hour. */
export interface SiteResponse extends RangeFields {
  interval: 'day' | 'hour';
  totals: SiteFigures;
  series: (SiteFigures & { date?: string; hour?: string })[];
}

export interface SitePageFigures {
  views: number;
  visitors: number;
  sessions: number;
  entries: number;
  exits: number;
  exitRate: number | null;
  avgTimeOnPageSeconds: number | null;
  medianTimeOnPageSeconds: number | null;
  opens: number;
  openRate: number | null;
  openers: number;
  interactions: number;
}

/** GET /v1/stats/site/pages */
export interface SitePagesResponse extends RangeFields {
  pages: (SitePageFigures & { url: string })[];
  other: SitePageFigures | null;
}

/** Every project figure, as each breakdown row carries it (in the project currency). */
export interface BreakdownFigures {
  impressions: number;
  opens: number;
  openers: number;
  interactions: number;
  visitors: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  sessionSeconds: number;
  sessionPages: number;
  newSessions: number;
  returningSessions: number;
  plays: number;
  viewers: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  converters: number;
  conversionValue: number;
  playRate: number | null;
  completionRate: number | null;
  ctr: number | null;
  cvr: number | null;
  avgWatchSeconds: number | null;
  bounceRate: number | null;
  avgSessionSeconds: number | null;
  pagesPerSession: number | null;
}

/** GET /v1/stats/sources */
export interface SourcesResponse extends RangeFields {
  sources: (BreakdownFigures & { source: string; platform: string })[];
  other: BreakdownFigures | null;
}

/** GET /v1/stats/campaigns */
export interface CampaignsResponse extends RangeFields {
  campaigns: (BreakdownFigures & { source: string; medium: string; campaign: string })[];
  other: BreakdownFigures | null;
}

export const DEVICE_BY = ['device', 'browser', 'os', 'language', 'screen'] as const;
export type DeviceBy = (typeof DEVICE_BY)[number];

/** GET /v1/stats/devices */
export interface DevicesResponse extends RangeFields {
  by: DeviceBy;
  devices: (BreakdownFigures & { value: string })[];
  other: BreakdownFigures | null;
}

export const PLACE_BY = ['country', 'region', 'city'] as const;
export type PlaceBy = (typeof PLACE_BY)[number];

/** GET /v1/stats/locations */
export interface LocationsResponse extends RangeFields {
  by: PlaceBy;
  locations: (BreakdownFigures & { country: string; region?: string; city?: string; latitude?: number | null; longitude?: number | null })[];
  other: BreakdownFigures | null;
}

/** The value of a session that had none, and of the values folded past a day's cap. */
export const NONE = '(none)';
export const OTHER = '(other)';
