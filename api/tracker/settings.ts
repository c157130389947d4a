import { Router, type Request } from 'express';
import { authenticate } from '../auth/authenticate.js';
import { HttpError } from '../http/errors.js';
import type { IngestLimits } from '../ingest/IngestLimits.js';
import type { IngestTelemetry } from '../ingest/IngestTelemetry.js';
import { refusingOverLimit } from '../ingest/controller.js';
import type { ProjectCache } from '../projects/ProjectCache.js';

export const TRACKER_SETTINGS_PATH = '/v1/tracker/settings';

/** A change reaches every page within this; the tracker also keeps its own copy. */
const MAX_AGE_SECONDS = 60;

export interface TrackerSettings {
  holdoutPercent: number;
  holdoutSalt: string;
}

export interface TrackerSettingsDeps {
  cache: ProjectCache;
  limits: IngestLimits;
  telemetry: Pick<IngestTelemetry, 'rateLimited'>;
}

/**
 * `GET /v1/tracker/settings?key=<write key>`: what the tracker needs before it shows a widget.
 * Public like the write key itself and the same for every page, so any origin may read it
 * (`*`) and shared caches may keep it a minute. Counted against the client IP like ingest.
 * A key that does not resolve is a 404: there is no such project's settings to give.
 */
export function trackerSettingsRouter(deps: TrackerSettingsDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.get('/', async (req, res) => {
    await refusingOverLimit(deps.limits.arrival(req.ip), deps.telemetry);
    const { project } = resolve(deps.cache, keyParam(req));
    const body: TrackerSettings = { holdoutPercent: project.holdoutPercent, holdoutSalt: project.holdoutSalt };
    res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
    res.status(200).json(body);
  });
  router.all('/', () => {
    throw new HttpError(405, 'method_not_allowed', 'use GET', { field: 'method', headers: { Allow: 'GET, HEAD' } });
  });
  return router;
}

function keyParam(req: Request): string {
  const unknown = Object.keys(req.query).find((name) => name !== 'key');
  if (unknown !== undefined) throw new HttpError(400, 'invalid_query', `unknown parameter ${unknown}; only key is taken`, { field: unknown });
  const key = req.query.key;
  if (key === undefined || key === '') throw new HttpError(400, 'missing_key', 'key is required: the project write key', { field: 'key' });
  if (typeof key !== 'string') throw new HttpError(400, 'invalid_query', 'key must be given once, as text', { field: 'key' });
  return key;
}

/** Only the write key, the one pages carry; an unresolved key keeps its precise code as a 404. */
function resolve(cache: ProjectCache, key: string) {
  try {
    return authenticate(cache, key, 'write', 'key');
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) throw new HttpError(404, err.code, `no settings: ${err.message}`, { field: 'key' });
    throw err;
  }
}
