/**
 * Compile-time only: the web app's mirrored account types must accept what the server's
 * schemas produce (`npm run lint` type-checks this file); the stats answers need no check, the
 * app imports the server's own types.
 */
import type { z } from 'zod';
import type { CreatedProjectAnswer, LoginAnswer, SessionAnswer } from '../../../api/accounts/schemas.js';
import type { CreatedProject, LoginResult, SessionInfo } from '../../../web/src/api/types.js';

type Assert<T extends true> = T;
type Accepts<Web, Server> = [Server] extends [Web] ? true : false;

export type SessionAccepted = Assert<Accepts<SessionInfo, z.output<typeof SessionAnswer>>>;
export type LoginAccepted = Assert<Accepts<LoginResult, z.output<typeof LoginAnswer>>>;
export type CreatedProjectAccepted = Assert<Accepts<CreatedProject, z.output<typeof CreatedProjectAnswer>>>;
