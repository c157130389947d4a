import type { RequestHandler } from 'express';
import type { Config } from '../../shared/config.js';
import { authenticate } from '../auth/authenticate.js';
import type { GeoLookup } from '../geo/GeoLookup.js';
import { HttpError, serviceUnavailable } from '../http/errors.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { BacklogMonitor } from './BacklogMonitor.js';
import { checkOrigin } from './cors.js';
import { QueueUnavailableError, type Enqueuer } from './Enqueuer.js';
import type { IngestLimits } from './IngestLimits.js';
import type { IngestTelemetry } from './IngestTelemetry.js';
import { IngestRequest } from './IngestRequest.js';
import { buildJob } from './pipeline.js';
import { RATE_RETRY_AFTER_SECONDS, RateLimitedError } from './RateLimiter.js';

export interface IngestDeps {
  config: Config;
  cache: ProjectCache;
  enqueuer: Enqueuer;
  backlog: BacklogMonitor;
  limits: IngestLimits;
  /** Resolves the client address to a place; the address goes no further. */
  geo: GeoLookup;
  /** Outcomes for `/metrics`. */
  telemetry: IngestTelemetry;
}

/** The key kinds `POST /v1/events` takes: the public write key, and the secret server key. */
const INGEST_KINDS = ['write', 'server'] as const;

/**
 * POST /v1/events, first half: what is refused before a byte of the body is read. A full
 * backlog, or a client IP over its limit, costs the server the request's headers only; Node
 * discards the unread body after the answer, so the connection stays usable.
 */
export function admitIngest(deps: IngestDeps): RequestHandler {
  return async (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (deps.backlog.isOverloaded()) throw serviceUnavailable('backlog_full', 'the ingest queue is full; retry later');
    await refusingOverLimit(deps.limits.arrival(req.ip), deps.telemetry);
    next();
  };
}

/**
 * POST /v1/events, second half, in the order the contract fixes: body, envelope, key, the key's
 * rate limit (counted whatever becomes of the events), origin, events, then the job; 202 only
 * once Redis holds it.
 */
export function ingestEvents(deps: IngestDeps): RequestHandler {
  return async (req, res) => {
    const request = await IngestRequest.read(req, deps.config, deps.geo, Date.now());
    const { project, kind } = authenticate(deps.cache, request.key, INGEST_KINDS, request.keyField);
    await refusingOverLimit(deps.limits.key(request.key, request.keyField), deps.telemetry);
    const fromServer = kind === 'server';
    if (fromServer) refuseBrowser(request.origin);
    else checkOrigin(res, request.origin, project);

    const { job, accepted, rejected } = buildJob(request, project, deps.config.ingest, fromServer);
    deps.telemetry.rejected('events', rejected);
    if (!job) {
      throw new HttpError(400, 'no_valid_events', 'no event was accepted; see rejected', {
        field: 'events',
        extra: { accepted: 0, rejected },
      });
    }
    try {
      await deps.enqueuer.enqueue(job);
    } catch (err) {
      if (err instanceof QueueUnavailableError) throw serviceUnavailable('queue_unavailable', 'the queue is unavailable; retry later');
      throw err;
    }
    deps.telemetry.accepted('events', accepted);
    res.status(202).json({ accepted, rejected });
  };
}

/** A rate check's refusal as the client sees it: 429 naming the limit. */
export async function refusingOverLimit(check: Promise<void>, telemetry: Pick<IngestTelemetry, 'rateLimited'>): Promise<void> {
  try {
    await check;
  } catch (err) {
    if (err instanceof RateLimitedError) {
      telemetry.rateLimited(err.limit);
      throw new HttpError(429, 'rate_limited', err.message, { field: err.field, headers: { 'Retry-After': String(RATE_RETRY_AFTER_SECONDS) } });
    }
    throw err;
  }
}

/**
 * A browser request carrying the server key means the secret sits in a page, where anyone can
 * read it; refusing it makes the mistake show on the first try instead of after a leak.
 */
export function refuseBrowser(origin: string | undefined): void {
  if (origin === undefined) return;
  throw new HttpError(403, 'server_key_in_browser', 'the server key is secret: send it from your backend, never from a page (use the write key there)', {
    field: 'origin',
  });
}
