import type { RequestHandler } from 'express';
import { projectMaxAgeMs } from '../../shared/events/time.js';
import { authenticate } from '../auth/authenticate.js';
import { HttpError, serviceUnavailable } from '../http/errors.js';
import { decodeUtf8, parseJson } from '../http/jsonBody.js';
import { requestFacts } from '../ingest/clientContext.js';
import { refuseBrowser, refusingOverLimit, type IngestDeps } from '../ingest/controller.js';
import { checkOrigin } from '../ingest/cors.js';
import { QueueUnavailableError } from '../ingest/Enqueuer.js';
import { segmentSuccess } from './answers.js';
import { readSegmentBody } from './body.js';
import { messageContext } from './context.js';
import { parseEnvelope } from './envelope.js';
import { planJobs } from './jobs.js';
import { readMessages } from './messages.js';
import { segmentKey } from './presentedKey.js';
import type { SegmentType } from './routes.js';
import type { SessionSplitter } from './SessionSplitter.js';
import { fillSessions } from './sessions.js';

export interface SegmentDeps extends IngestDeps {
  /** Sessions for messages that name none. */
  sessionSplitter: SessionSplitter;
}

/** The key kinds the Segment routes take, as `POST /v1/events` does. */
const INGEST_KINDS = ['write', 'server'] as const;

/**
 * A Segment route after `admitIngest` (backlog and the per-IP limit, before the body is read),
 * in the order of `/v1/events`: body, envelope, key, the key's rate limit, origin, then each
 * message (size, mapping, session, context, the ingest checks), then the jobs; 200 only once
 * Redis holds every one of them. `routeType`: the type a single-message route implies;
 * undefined on the batch routes.
 */
export function segmentIngest(deps: SegmentDeps, routeType: SegmentType | undefined): RequestHandler {
  return async (req, res) => {
    const receivedAt = Date.now();
    const { ingest, http } = deps.config;
    const bytes = await readSegmentBody(req, ingest.maxBodyBytes);
    const envelope = parseEnvelope(parseJson(decodeUtf8(bytes)), routeType === undefined);
    const { key, field } = segmentKey(req.get('authorization'), envelope.writeKey);
    const { project, kind } = authenticate(deps.cache, key, INGEST_KINDS, field);
    await refusingOverLimit(countAgainstKey(deps, key, field, envelope.messages.length), deps.telemetry);
    const origin = req.get('origin');
    const fromServer = kind === 'server';
    if (fromServer) refuseBrowser(origin);
    else checkOrigin(res, origin, project);

    const { read, rejected } = readMessages(envelope, {
      projectId: project.id,
      slotProperty: project.segmentSlotProperty,
      receivedAt,
      maxMessageBytes: ingest.maxEventBytes,
      maxEventBytes: ingest.maxEventBytes,
      routeType,
    });
    const clock = { receivedAt, maxEventAgeMs: projectMaxAgeMs(ingest.maxEventAgeMs, project, receivedAt) };
    const sessioned = await splittingSessions(fillSessions(read, deps.sessionSplitter, project.id, clock));
    // With an Origin the request is the end user's own browser; without one, a server library's.
    const browser = origin === undefined ? undefined : requestFacts(req, http);
    const placed = sessioned.ready.map((m) => ({ ...m, context: messageContext(m, browser, http, deps.geo) }));
    const plan = planJobs(placed, { receivedAt, project, ingest, fromServer, maxEventsPerJob: ingest.maxEventsPerRequest });
    const allRejected = [...rejected, ...sessioned.rejected, ...plan.rejected].sort((a, b) => a.index - b.index);
    deps.telemetry.rejected('segment', allRejected);

    if (plan.jobs.length === 0) {
      throw new HttpError(400, 'no_valid_events', 'no message was accepted; see rejected', {
        field: routeType === undefined ? 'batch' : 'body',
        extra: { success: false, accepted: 0, rejected: allRejected },
      });
    }
    try {
      // Partly enqueued batches are harmless: the client resends them and the worker dedups by event id.
      await Promise.all(plan.jobs.map((job) => deps.enqueuer.enqueue(job)));
    } catch (err) {
      if (err instanceof QueueUnavailableError) throw serviceUnavailable('queue_unavailable', 'the queue is unavailable; retry later');
      throw err;
    }
    deps.telemetry.accepted('segment', plan.accepted);
    res.status(200).json(segmentSuccess(plan.accepted, allRejected));
  };
}

/**
 * A Segment batch may hold 2,500 messages where a `/v1/events` request holds 500, so it counts
 * as many requests against the key's limit as the events requests it stands for; never more
 * than the limit itself, so that a large batch can pass when the limit is set low.
 */
function countAgainstKey(deps: SegmentDeps, key: string, field: string, messages: number): Promise<void> {
  const { perKey } = deps.config.rateLimit;
  const weight = Math.max(1, Math.min(Math.ceil(messages / deps.config.ingest.maxEventsPerRequest), perKey));
  return Promise.all(Array.from({ length: weight }, () => deps.limits.key(key, field))).then(() => undefined);
}

/**
 * The split keeps its state in Redis; when Redis cannot answer, neither could the queue, so the
 * client is told to retry rather than given a session that may split its visitor's visit.
 */
async function splittingSessions<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw serviceUnavailable('session_store_unavailable', 'sessions cannot be assigned right now; retry later');
  }
}

/**
 * `/v1/m`: the browser library's telemetry about itself. Nothing of it is stored; it is counted
 * against the sender's address like any ingest request (by `admitIngest`) and answered before
 * its body is read.
 */
export const telemetry: RequestHandler = (_req, res) => {
  res.status(204).end();
};
