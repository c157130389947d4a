import { Router, type RequestHandler } from 'express';
import type pg from 'pg';
import { FunnelId } from '../../shared/funnels/definition.js';
import { findFunnel } from '../../shared/funnels/store.js';
import { firstInputIssue } from '../../shared/inputIssues.js';
import { notFound } from '../admin/validation.js';
import { resolveAccess, type AccessDeps } from '../auth/access.js';
import { HttpError } from '../http/errors.js';
import { FunnelGate } from './funnelGate.js';
import { STATS_NEED } from './controller.js';
import { funnelReport, parseFunnelQuery } from './reports/funnels.js';
import { STATS_PREFIX } from './router.js';

/** Where the funnel figures are mounted: beside the other stats, with their access rules. */
export const FUNNELS_STATS_PREFIX = `${STATS_PREFIX}/funnels`;

export interface FunnelStatsDeps extends AccessDeps {
  pool: pg.Pool;
  /** Bounds the funnels computed at once (funnelGate.ts); one per router by default. */
  gate?: FunnelGate;
}

/**
 * `GET /v1/stats/funnels/{funnelId}`: a saved funnel's figures over a range, for a read key or a
 * signed-in member (viewer and up). Computed from raw events on each request, so there is no
 * rollup state to build an ETag from: answers are not cached.
 */
export function funnelStats(deps: FunnelStatsDeps): RequestHandler {
  const gate = deps.gate ?? new FunnelGate();
  return async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.vary('Authorization, Cookie, X-Cuepoint-Project');
    const { project } = await resolveAccess(deps, req, STATS_NEED);
    const parsedId = FunnelId.safeParse(req.params.funnelId);
    if (!parsedId.success) {
      throw new HttpError(400, 'invalid_parameter', `funnelId ${firstInputIssue(parsedId.error, req.params.funnelId)?.reason ?? 'is invalid'}`, { field: 'funnelId' });
    }
    const params = parseFunnelQuery(req.query, project.timezone);
    const funnel = await findFunnel(deps.pool, project.id, parsedId.data);
    if (!funnel) throw notFound('funnel', parsedId.data);
    res.json(await gate.run(project.id, () => funnelReport(deps.pool, project, funnel, params)));
  };
}

export function funnelStatsRouter(deps: FunnelStatsDeps): Router {
  const router = Router();
  router.get('/:funnelId', funnelStats(deps));
  return router;
}
