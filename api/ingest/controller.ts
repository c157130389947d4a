import type { RequestHandler } from 'express';
import type { Config } from '../../shared/config.js';
import { authenticate } from '../auth/authenticate.js';
import { HttpError, serviceUnavailable } from '../http/errors.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { BacklogMonitor } from './BacklogMonitor.js';
import { checkOrigin } from './cors.js';
import { QueueUnavailableError, type Enqueuer } from './Enqueuer.js';
import { IngestRequest } from './IngestRequest.js';
import { buildJob } from './pipeline.js';
import { RATE_RETRY_AFTER_SECONDS, RateLimitedError } from './RateLimiter.js';

export interface IngestDeps {
  config: Config;
  cache: ProjectCache;
  enqueuer: Enqueuer;
  backlog: BacklogMonitor;
}

/**
 * POST /v1/events, in the order the contract fixes: overload, body, envelope, key, origin,
 * events, then the rate limits and the job together; 202 only once Redis holds it.
 */
export function ingestEvents(deps: IngestDeps): RequestHandler {
  return async (req, res) => {
    const receivedAt = Date.now();
    res.setHeader('Cache-Control', 'no-store');
    if (deps.backlog.isOverloaded()) throw serviceUnavailable('backlog_full', 'the ingest queue is full; retry later');

    const request = await IngestRequest.read(req, deps.config, receivedAt);
    const { project } = authenticate(deps.cache, request.key, 'write', request.keyField);
    checkOrigin(res, request.origin, project);

    const { job, accepted, rejected } = buildJob(request, project, deps.config.ingest);
    if (!job) {
      throw new HttpError(400, 'no_valid_events', 'no event was accepted; see rejected', {
        field: 'events',
        extra: { accepted: 0, rejected },
      });
    }
    try {
      // The rate-limit check runs with the enqueue, in the same per-tick flush, before addBulk.
      await deps.enqueuer.enqueue(job, { writeKey: request.key ?? '', keyField: request.keyField, ip: req.ip });
    } catch (err) {
      if (err instanceof RateLimitedError) {
        throw new HttpError(429, 'rate_limited', err.message, {
          field: err.field,
          headers: { 'Retry-After': String(RATE_RETRY_AFTER_SECONDS) },
        });
      }
      if (err instanceof QueueUnavailableError) throw serviceUnavailable('queue_unavailable', 'the queue is unavailable; retry later');
      throw err;
    }
    res.status(202).json({ accepted, rejected });
  };
}
