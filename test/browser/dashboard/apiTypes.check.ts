/**
 * Compile-time only: the web app's mirrored response types must accept what the server's
 * schemas produce (`npm run lint` type-checks this file). A figure renamed or retyped on the
 * server fails here instead of showing blank cards.
 */
import type { OverviewResponse as ServerOverview, VideosResponse as ServerVideos } from '../../../api/stats/schemas.js';
import type { OverviewResponse, VideosResponse } from '../../../web/src/api/types.js';

type Assert<T extends true> = T;
type Accepts<Web, Server> = [Server] extends [Web] ? true : false;

export type OverviewAccepted = Assert<Accepts<OverviewResponse, ServerOverview>>;
export type VideosAccepted = Assert<Accepts<VideosResponse, ServerVideos>>;
