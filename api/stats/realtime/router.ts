import { Router, type RequestHandler } from 'express';
import type { RedisClient } from '../../../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Logger } from '../../../shared/logger.js';
import { resolveAccess, type AccessDeps } from '../../auth/access.js';
import { HttpError } from '../../http/errors.js';
import { STATS_NEED } from '../controller.js';
import { STATS_PREFIX } from '../router.js';
import { RealtimeReader } from './reader.js';

/** Where the live figures are mounted: beside the other stats, with their access rules. */
export const REALTIME_STATS_PATH = `${STATS_PREFIX}/realtime`;

export interface RealtimeStatsDeps extends AccessDeps {
  redis: RedisClient;
  pool: pg.Pool;
  prefix: string;
  log: Logger;
  /** Tests pin the clock. */
  now?: () => number;
}

/**
 * `GET /v1/stats/realtime`: the last 30 minutes of the project of the read key or session, from
 * the minute keys the worker keeps in Redis (never the events table). Live, so there is no ETag
 * to revalidate against: polls of one project within 2 s share one read of Redis.
 */
export function realtimeStats(deps: RealtimeStatsDeps): RequestHandler {
  const reader = new RealtimeReader(deps.redis, deps.pool, { prefix: deps.prefix, now: deps.now, log: deps.log });
  return async (req, res) => {
    // Set first so that errors carry them too, as on the other stats routes.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Authorization, Cookie, X-Cuepoint-Project');
    const { project } = await resolveAccess(deps, req, STATS_NEED);
    const [unknown] = Object.keys(req.query);
    // The project is the key's or the session's: naming one in the query is refused, not obeyed.
    if (unknown !== undefined) throw new HttpError(400, 'invalid_parameter', `${unknown} is not a parameter of this endpoint`, { field: unknown });
    let answer;
    try {
      answer = await reader.read(project.id);
    } catch (err) {
      deps.log.warn({ err }, 'realtime figures could not be read');
      throw new HttpError(503, 'realtime_unavailable', 'the live figures cannot be read right now; ask again shortly', { headers: { 'Retry-After': '10' } });
    }
    res.json(answer);
  };
}

export function realtimeStatsRouter(deps: RealtimeStatsDeps): Router {
  const router = Router();
  router.get('/', realtimeStats(deps));
  return router;
}
