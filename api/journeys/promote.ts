import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { authenticate } from '../auth/authenticate.js';
import { HttpError, serviceUnavailable } from '../http/errors.js';
import { refusingOverLimit, type IngestDeps } from '../ingest/controller.js';
import { checkOrigin } from '../ingest/cors.js';
import { ERASED_VISITOR } from '../ingest/pipeline.js';
import { isErasedVisitor } from '../projects/tombstones.js';
import { acceptClientEvents } from './clientEvents.js';
import { deletePendingJourney, insertPendingJourney } from './journeyWrites.js';
import type { JourneyQueue } from './JourneyQueue.js';
import { readPromoteRequest } from './PromoteRequest.js';

export interface PromoteDeps extends IngestDeps {
  pool: pg.Pool;
  log: Logger;
  journeys: JourneyQueue;
}

/**
 * POST /v1/journeys/promote, after the same admission as ingest (backlog, per-IP limit): the
 * same key, key limit and origin checks as `POST /v1/events`, then
 * 1. the client's unsent events, checked like ingest events, go to the ingest queue as an
 *    ordinary job, so they count in the figures like any other;
 * 2. once every ingest job this process took before (and with) the promote is in Redis, the
 *    ingest queue's job-id counter is read: that is the mark the freeze waits for;
 * 3. the journey is stored as pending with the client's copies, and its freeze job queued.
 * 202 only once the freeze job is in Redis.
 */
export function promoteJourney(deps: PromoteDeps): RequestHandler {
  return async (req, res) => {
    const request = await readPromoteRequest(req, deps.config, deps.geo, Date.now());
    const { project } = authenticate(deps.cache, request.key, 'write', request.keyField);
    await refusingOverLimit(deps.limits.key(request.key, request.keyField), deps.telemetry);
    checkOrigin(res, request.origin, project);
    // An erased visitor stays erased: no journey may gather what is left of them or arrives later.
    if (isErasedVisitor(project, request.body.visitorId.toLowerCase())) {
      throw new HttpError(400, ERASED_VISITOR, 'this visitor was erased at the project\'s request', { field: 'visitorId' });
    }
    const { job, copies } = acceptClientEvents(request, project, deps.config.ingest);

    const journeyId = randomUUID();
    const ingestMark = await queueOrUnavailable(async () => {
      if (job) await deps.enqueuer.enqueue(job);
      await deps.enqueuer.settled();
      return deps.journeys.ingestMark(project.id);
    });
    const visitorId = request.body.visitorId.toLowerCase();
    await insertPendingJourney(deps.pool, {
      id: journeyId,
      projectId: project.id,
      visitorId,
      email: request.body.email,
      formId: request.body.formId,
      promotedAt: request.receivedAt,
      lookbackMs: deps.config.journeys.lookbackMs,
      copies,
    });
    try {
      await deps.journeys.add({ v: 1, journeyId, projectId: project.id, visitorId, promotedAt: request.receivedAt, ingestMark });
    } catch (err) {
      deps.log.warn({ err, journeyId }, 'the journey job was not queued; the pending journey is removed and the client told to retry');
      await deletePendingJourney(deps.pool, journeyId, project.id);
      throw serviceUnavailable('queue_unavailable', 'the queue is unavailable; retry later');
    }
    res.status(202).json({ journeyId, state: 'pending' });
  };
}

/** Every failure here is Redis's (refused, unreachable, too slow), never the client's: 503. */
async function queueOrUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    throw serviceUnavailable('queue_unavailable', 'the queue is unavailable; retry later');
  }
}
