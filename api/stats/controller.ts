import type { RequestHandler } from 'express';
import { resolveAccess, type Need } from '../auth/access.js';
import type { SessionStore } from '../auth/sessionStore.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { StatsEndpoint } from './endpoints.js';
import type { Freshness } from './figures.js';
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
 *
 * A body is computed in one snapshot with a second reading of the tag's inputs, and sent with
 * that tag: on a read replica replaying WAL between two statements, the first reading may be
 * older than the figures, and a client must never keep newer figures under an older tag (or
 * older ones under a newer tag) and be told 304 later.
 */
export function statsHandler(deps: StatsDeps, endpoint: StatsEndpoint): RequestHandler {
  return async (req, res) => {
    // Set first so that errors carry them too: answers differ per key, or per session and
    // project, and must be revalidated.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Authorization, Cookie, X-Cuepoint-Project');
    const { project } = await resolveAccess(deps, req, STATS_NEED);
    const request = endpoint.prepare(req.query, project.timezone);
    const tagOf = (freshness: Freshness) =>
      statsEtag({ projectId: project.id, endpoint: endpoint.name, params: request.params, ...freshness, projectUpdatedAt: project.updatedAt });
    const ifNoneMatch = req.get('if-none-match');

    // The tag and the header describe what the answer holds: set them only once it is decided.
    const answer = (tag: string, freshness: Freshness, body?: string) => {
      res.setHeader('ETag', tag);
      // Not Last-Modified: Express would then answer If-Modified-Since alone with a 304 even after
      // a catalog edit, which changes the names in a body but not the rollup time.
      if (freshness.rolledAt) res.setHeader(ROLLED_UP_AT_HEADER, freshness.rolledAt.toISOString());
      if (body === undefined) res.status(304).end();
      else res.type('application/json').send(body);
    };

    const first = await deps.queries.freshness(project.id, request.from, request.to);
    const tag = tagOf(first);
    if (ifNoneMatchMatches(ifNoneMatch, tag)) {
      answer(tag, first);
      return;
    }
    const cached = deps.responses.peek(tag);
    if (cached !== undefined) {
      answer(tag, first, cached);
      return;
    }

    const computed = await deps.queries.inOneSnapshot(async (snapshot) => {
      const freshness = await snapshot.freshness(project.id, request.from, request.to);
      const current = tagOf(freshness);
      if (ifNoneMatchMatches(ifNoneMatch, current)) return { tag: current, freshness, body: undefined };
      const body = await deps.responses.get(current, async () => JSON.stringify(await request.run(snapshot, project)));
      return { tag: current, freshness, body };
    });
    answer(computed.tag, computed.freshness, computed.body);
  };
}
