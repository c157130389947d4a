/**
 * Compile-time only: the web app's types of the transitions and site answers must accept what
 * the server's schemas produce, and name no figure the server lacks (`npm run lint` type-checks
 * this file). A figure renamed or retyped on the server fails here instead of an empty column.
 */
import type {
  CampaignsResponse as ServerCampaigns,
  DevicesResponse as ServerDevices,
  LocationsResponse as ServerLocations,
  SourcesResponse as ServerSources,
} from '../../../api/stats/breakdowns/schemas.js';
import type { SitePagesResponse as ServerSitePages, SiteResponse as ServerSite, TransitionsResponse as ServerTransitions } from '../../../api/stats/schemas.js';
import type {
  BreakdownFigures,
  CampaignsResponse,
  DevicesResponse,
  LocationsResponse,
  SitePagesResponse,
  SiteResponse,
  SourcesResponse,
  TransitionsResponse,
} from '../../../web/src/api/reportTypes.js';
import type { BreakdownFigures as ServerBreakdownFigures } from '../../../api/stats/breakdowns/schemas.js';

type Assert<T extends true> = T;
type Accepts<Web, Server> = [Server] extends [Web] ? true : false;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;

export type TransitionsAccepted = Assert<Accepts<TransitionsResponse, ServerTransitions>>;
export type SiteAccepted = Assert<Accepts<SiteResponse, ServerSite>>;
export type SitePagesAccepted = Assert<Accepts<SitePagesResponse, ServerSitePages>>;
export type SourcesAccepted = Assert<Accepts<SourcesResponse, ServerSources>>;
export type CampaignsAccepted = Assert<Accepts<CampaignsResponse, ServerCampaigns>>;
export type DevicesAccepted = Assert<Accepts<DevicesResponse, ServerDevices>>;
export type LocationsAccepted = Assert<Accepts<LocationsResponse, ServerLocations>>;
/** Every figure of a breakdown row is known to the app, so "every figure" holds for its tables. */
export type BreakdownFiguresComplete = Assert<SameKeys<BreakdownFigures, ServerBreakdownFigures>>;
