/**
 * The transitions, site and breakdown answers: the server's own response types (type-only
 * imports, nothing of the server is bundled), and the value lists the app offers as choices.
 */
export type { FormsResponse, TransitionsResponse } from '../../../api/stats/schemas.js';
export type { SiteFigures, SitePagesResponse, SiteResponse } from '../../../api/stats/siteSchemas.js';
export type { VideoFunnelResponse, VideoFunnelStep } from '../../../api/stats/videoFunnelSchemas.js';
export type { AudienceRetentionResponse } from '../../../api/stats/videoSchemas.js';
export type { BreakdownFigures, CampaignsResponse, DevicesResponse, LocationsResponse, SourcesResponse } from '../../../api/stats/breakdowns/schemas.js';

export const REFERRER_SOURCES = ['direct', 'search', 'social', 'referral'] as const;
export type ReferrerSource = (typeof REFERRER_SOURCES)[number];

export const DEVICE_BY = ['device', 'browser', 'os', 'language', 'screen'] as const;
export type DeviceBy = (typeof DEVICE_BY)[number];

export const PLACE_BY = ['country', 'region', 'city'] as const;
export type PlaceBy = (typeof PLACE_BY)[number];

/** The value of a session that had none, and of the values folded past a day's cap. */
export const NONE = '(none)';
export const OTHER = '(other)';
