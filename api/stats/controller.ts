import type { RequestHandler } from 'express';
import { resolveAccess, type Need } from '../auth/access.js';
import type { SessionStore } from '../auth/sessionStore.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { StatsEndpoint } from './endpoints.js';
import { ifNoneMatchMatches, statsEtag } from './etag.js';
import type { StatsQueries } from './queries.js';
import type { ResponseCache } from './responseCache.js';

export interface StatsDeps {
  cache: ProjectCache;
  sessions: SessionStore;
  queries: StatsQueries;
  /** Serialized answers by ETag. */
  responses: ResponseCache;
}

/** When the latest rollup of a day of the requested range ran (ISO 8601), on 200 and 304 alike. */
export const ROLLED_UP_AT_HEADER = 'X-Cuepoint-Rolled-Up-At';

/** Stats open to a read key, or to any signed-in member of the project (viewer and up). */
export const STATS_NEED: Need = { key: 'read', role: 'viewer' };

/**
 * One stats endpoint: read key or session, query, then the ETag from one cheap query, compared with
 * If-None-Match before any figure is computed, so a repeated poll costs a single index lookup.
 * A body already computed for the current tag is served from memory.
 */
export function statsHandler(deps: StatsDeps, endpoint: StatsEndpoint): RequestHandler {
  return async (req, res) => {
    // Set first so that errors carry them too: answers differ per key, or per session and
    // project, and must be revalidated.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Authorization, Cookie, X-Cuepoint-Project');
    const { project } = await resolveAccess(deps, req, STATS_NEED);
    const request = endpoint.prepare(req.query, project.timezone);

    const freshness = await deps.queries.freshness(project.id, request.from, request.to);
    const etag = statsEtag({
      projectId: project.id,
      endpoint: endpoint.name,
      params: request.params,
      ...freshness,
      projectUpdatedAt: project.updatedAt,
    });
    res.setHeader('ETag', etag);
    // Not Last-Modified: Express would then answer If-Modified-Since alone with a 304 even after
    // a catalog edit, which changes the names in a body but not the rollup time.
    if (freshness.rolledAt) res.setHeader(ROLLED_UP_AT_HEADER, freshness.rolledAt.toISOString());
    if (ifNoneMatchMatches(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const body = await deps.responses.get(etag, async () => JSON.stringify(await request.run(deps.queries, project)));
    res.type('application/json').send(body);
  };
}
