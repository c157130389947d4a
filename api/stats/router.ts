import { Router } from 'express';
import type { SessionStore } from '../auth/sessionStore.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import { statsHandler } from './controller.js';
import { STATS_ENDPOINTS } from './endpoints.js';
import type { StatsQueries } from './queries.js';
import { ResponseCache } from './responseCache.js';
import { warmUpStats } from './warmUp.js';

/** Where the stats router is mounted. */
export const STATS_PREFIX = '/v1/stats';

/** JSON kept in memory per web process, in characters (a JS string takes 1-2 bytes a character). */
export const RESPONSE_CACHE_CHARS = 16 * 1024 * 1024;

export interface StatsRouterDeps {
  cache: ProjectCache;
  sessions: SessionStore;
  queries: StatsQueries;
}

/** Mounted at STATS_PREFIX: read-only figures from the daily rollups, for the project of a read key or of a signed-in member. */
export function statsRouter(deps: StatsRouterDeps): Router {
  warmUpStats();
  const router = Router();
  const handlerDeps = { ...deps, responses: new ResponseCache(RESPONSE_CACHE_CHARS) };
  for (const endpoint of STATS_ENDPOINTS) router.get(endpoint.path, statsHandler(handlerDeps, endpoint));
  return router;
}
