import { Router, type RequestHandler } from 'express';
import type pg from 'pg';
import { FunnelId } from '../../shared/funnels/definition.js';
import { findFunnel } from '../../shared/funnels/store.js';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { notFound } from '../admin/validation.js';
import { resolveAccess, type AccessDeps } from '../auth/access.js';
import { HttpError } from '../http/errors.js';
import { funnelEtag, ifNoneMatchMatches } from './etag.js';
import { FunnelGate } from './funnelGate.js';
import { STATS_NEED } from './controller.js';
import type { StatsQueries } from './queries.js';
import { funnelReport, parseFunnelQuery } from './reports/funnels.js';
import { STATS_PREFIX } from './router.js';

/** Where the funnel figures are mounted: beside the other stats, with their access rules. */
export const FUNNELS_STATS_PREFIX = `${STATS_PREFIX}/funnels`;

export interface FunnelStatsDeps extends AccessDeps {
  /** The primary: the funnel's definition is looked up there, so a funnel saved a moment ago answers at once. */
  pool: pg.Pool;
  /** Where the figures are read, like the other stats: the standby of DATABASE_READ_URL, else the primary. */
  queries: StatsQueries;
  /** Bounds the funnels computed at once (funnelGate.ts); one per router by default. */
  gate?: FunnelGate;
}

/**
 * `GET /v1/stats/funnels/{funnelId}`: a saved funnel's figures over a range, for a read key or a
 * signed-in member (viewer and up). Computed from raw events on each request, in one read-only
 * snapshot, and never kept: there is no rollup state to tell beforehand that they are unchanged.
 * The ETag is made from the body afterwards, so it names the figures of that snapshot, and a
 * matching If-None-Match is answered 304 (the figures are computed all the same).
 */
export function funnelStats(deps: FunnelStatsDeps): RequestHandler {
  const gate = deps.gate ?? new FunnelGate();
  return async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Authorization, Cookie, X-Cuepoint-Project');
    const { project } = await resolveAccess(deps, req, STATS_NEED);
    const parsedId = FunnelId.safeParse(req.params.funnelId);
    if (!parsedId.success) {
      throw new HttpError(400, 'invalid_parameter', `funnelId ${firstInputIssue(parsedId.error, req.params.funnelId)?.reason ?? 'is invalid'}`, { field: 'funnelId' });
    }
    const params = parseFunnelQuery(req.query, project.timezone);
    const funnel = await findFunnel(deps.pool, project.id, parsedId.data);
    if (!funnel) throw notFound('funnel', parsedId.data);
    const body = JSON.stringify(await gate.run(project.id, () => funnelReport(deps.queries, project, funnel, params)));
    const tag = funnelEtag(project.id, body);
    res.setHeader('ETag', tag);
    if (ifNoneMatchMatches(req.get('if-none-match'), tag)) res.status(304).end();
    else res.type('application/json').send(body);
  };
}

export function funnelStatsRouter(deps: FunnelStatsDeps): Router {
  const router = Router();
  router.get('/:funnelId', funnelStats(deps));
  return router;
}
