/**
 * Compile-time only: the web app's mirrored response types must accept what the server's
 * schemas produce (`npm run lint` type-checks this file). A figure renamed or retyped on the
 * server fails here instead of showing blank cards.
 */
import type { z } from 'zod';
import type { CreatedProjectAnswer, LoginAnswer, SessionAnswer } from '../../../api/accounts/schemas.js';
import type { OverviewResponse as ServerOverview, VideosResponse as ServerVideos } from '../../../api/stats/schemas.js';
import type { CreatedProject, LoginResult, OverviewResponse, SessionInfo, VideosResponse } from '../../../web/src/api/types.js';

type Assert<T extends true> = T;
type Accepts<Web, Server> = [Server] extends [Web] ? true : false;

export type OverviewAccepted = Assert<Accepts<OverviewResponse, ServerOverview>>;
export type VideosAccepted = Assert<Accepts<VideosResponse, ServerVideos>>;
export type SessionAccepted = Assert<Accepts<SessionInfo, z.output<typeof SessionAnswer>>>;
export type LoginAccepted = Assert<Accepts<LoginResult, z.output<typeof LoginAnswer>>>;
export type CreatedProjectAccepted = Assert<Accepts<CreatedProject, z.output<typeof CreatedProjectAnswer>>>;
