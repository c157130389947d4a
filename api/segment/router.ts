import { Router, type RequestHandler } from 'express';
import { HttpError } from '../http/errors.js';
import { admitIngest, refusingOverLimit, type IngestDeps } from '../ingest/controller.js';
import { errorCors, preflightAllowing } from '../ingest/cors.js';
import { segmentErrors } from './answers.js';
import { segmentIngest, telemetry, type SegmentDeps } from './controller.js';
import { BATCH_PATHS, SINGLE_PATHS, TELEMETRY_PATH } from './routes.js';

/** What Segment's libraries send: Basic auth, JSON, and the retry counter of analytics-node. */
const preflight = preflightAllowing('Authorization, Content-Type, X-Retry-Count');

/**
 * Segment's HTTP Tracking API, mounted at `/v1` beside Cuepoint's own routes. Every handler and
 * error handler is attached to its own path (no router-wide middleware), so nothing here touches
 * a request for any other `/v1` route.
 */
export function segmentRouter(deps: SegmentDeps): Router {
  const router = Router();
  const admit = admitIngest(deps);
  const route = (path: string, ...post: RequestHandler[]) => {
    router.options(path, headers, preflight);
    router.post(path, headers, ...post, errorCors, segmentErrors);
    router.all(path, headers, methodNotAllowed, errorCors, segmentErrors);
  };
  for (const path of BATCH_PATHS) route(path, admit, segmentIngest(deps, undefined));
  for (const [path, type] of Object.entries(SINGLE_PATHS)) route(path, admit, segmentIngest(deps, type));
  // Telemetry stores nothing, so a full backlog is no reason to refuse it; the address limit is.
  route(TELEMETRY_PATH, telemetryAdmit(deps), telemetry);
  return router;
}

const headers: RequestHandler = (_req, res, next) => {
  // Pages on other sites read these answers; helmet's same-origin default would block them.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  // CORS headers depend on the Origin, so caches must key on it.
  res.vary('Origin');
  next();
};

const methodNotAllowed: RequestHandler = () => {
  throw new HttpError(405, 'method_not_allowed', 'use POST', { field: 'method', headers: { Allow: 'POST, OPTIONS' } });
};

function telemetryAdmit(deps: IngestDeps): RequestHandler {
  return async (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    await refusingOverLimit(deps.limits.arrival(req.ip), deps.telemetry);
    next();
  };
}
