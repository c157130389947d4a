import type { Config } from '../../shared/config.js';
import type { IngestEvent } from '../../shared/events/schema.js';
import { projectMaxAgeMs } from '../../shared/events/time.js';
import { validateEvent, type Rejection, type ValidationContext } from '../../shared/events/validate.js';
import type { ClientContext, IngestJobData } from '../../shared/queue/contract.js';
import type { CachedProject } from '../projects/snapshot.js';
import { isErasedVisitor } from '../projects/tombstones.js';
import type { IngestRequest } from './IngestRequest.js';
import { scrubFormValues } from './privacy.js';

export interface BatchResult {
  /** Undefined when no event was accepted: nothing to enqueue. */
  job: IngestJobData | undefined;
  accepted: number;
  rejected: Rejection[];
}

/**
 * Every per-event check and transform that must happen before the 202: validation (one bad
 * event does not sink the batch), then privacy. The accepted events of one request become
 * one job. `fromServer`: the request came with the project's secret server key.
 */
export function buildJob(request: Pick<IngestRequest, 'receivedAt' | 'sentAt' | 'events' | 'context'>, project: CachedProject, ingest: Config['ingest'], fromServer: boolean): BatchResult {
  const ctx: ValidationContext = {
    receivedAt: request.receivedAt,
    sentAt: request.sentAt,
    maxEventBytes: ingest.maxEventBytes,
    maxEventAgeMs: projectMaxAgeMs(ingest.maxEventAgeMs, project, request.receivedAt),
  };
  const events: IngestEvent[] = [];
  const rejected: Rejection[] = [];
  request.events.forEach((raw, index) => {
    const verdict = safeValidate(raw, ctx);
    if (!verdict.ok) rejected.push({ index, field: verdict.field, reason: verdict.reason });
    else if (isErasedVisitor(project, verdict.event.visitorId)) rejected.push({ index, field: 'visitorId', reason: ERASED_VISITOR });
    else events.push(scrubFormValues(verdict.event, project.formAllowlist));
  });
  if (events.length === 0) return { job: undefined, accepted: 0, rejected };
  return {
    job: {
      v: 1,
      projectId: project.id,
      timezone: project.timezone,
      receivedAt: request.receivedAt,
      sentAt: request.sentAt ?? null,
      context: fromServer ? SERVER_CONTEXT : request.context,
      fromServer,
      queryAllowlist: [...project.queryAllowlist],
      events,
    },
    accepted: events.length,
    rejected,
  };
}

/** The visitor was erased at the project's request; a tracker's retry queue may still send their events. */
export const ERASED_VISITOR = 'erased_visitor';

/**
 * A backend's user agent, address and proxy country describe the shop's server, not the
 * visitor: kept, they would file a purchase under "curl, Linux, bot" and leave it out of every
 * figure. The visitor's own browser events carry those.
 */
const SERVER_CONTEXT: ClientContext = { userAgent: null, country: null, ipPrefix: null };

/**
 * JSON.parse accepts nesting far deeper than JSON.stringify (used for the size check) can
 * walk; such an event is the client's fault, not a 500.
 */
function safeValidate(raw: unknown, ctx: ValidationContext): ReturnType<typeof validateEvent> {
  try {
    return validateEvent(raw, ctx);
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, field: '', reason: 'event is nested too deeply' };
    throw err;
  }
}
