import type { Config } from '../../shared/config.js';
import type { IngestEvent } from '../../shared/events/schema.js';
import { correctTime, toEpochMs } from '../../shared/events/time.js';
import type { JourneyEventData } from '../../shared/journeys/eventData.js';
import type { IngestJobData } from '../../shared/queue/contract.js';
import { HttpError } from '../http/errors.js';
import { buildJob } from '../ingest/pipeline.js';
import type { CachedProject } from '../projects/snapshot.js';
import { clientCopy } from './clientCopy.js';
import type { PromoteRequest } from './PromoteRequest.js';

/** A client event as the journey keeps it until (and unless) the stored event replaces it. */
export interface ClientEventCopy {
  eventId: string;
  occurredAt: number;
  type: string;
  data: JourneyEventData;
}

export interface AcceptedClientEvents {
  /** The events as an ordinary ingest job, so they count in every figure; undefined when none came. */
  job: IngestJobData | undefined;
  copies: ClientEventCopy[];
}

/**
 * The tracker's unsent buffer, checked exactly as `POST /v1/events` checks events (the same
 * validation and privacy step), but all or nothing: a journey is a person's record, so a bad
 * event is the client's to fix, not to drop silently. Every event must be the promoted
 * visitor's; a repeated event id counts once.
 */
export function acceptClientEvents(request: PromoteRequest, project: CachedProject, ingest: Config['ingest']): AcceptedClientEvents {
  const raws = request.body.clientEvents ?? [];
  if (raws.length === 0) return { job: undefined, copies: [] };
  const { receivedAt, sentAt, context } = request;
  const { job, rejected } = buildJob({ receivedAt, sentAt, context, events: raws }, project, ingest, false);
  const [first] = rejected;
  if (first !== undefined || job === undefined) {
    const field = first === undefined ? 'clientEvents' : fieldOf(first.index, first.field);
    throw new HttpError(400, 'invalid_client_event', `${field} ${first?.reason ?? 'is invalid'}`, { field, extra: { rejected } });
  }
  const visitorId = request.body.visitorId.toLowerCase();
  const seen = new Set<string>();
  const events: IngestEvent[] = [];
  job.events.forEach((event, index) => {
    if (event.visitorId.toLowerCase() !== visitorId) {
      throw new HttpError(400, 'invalid_client_event', `${fieldOf(index, 'visitorId')} must be the promoted visitorId`, { field: fieldOf(index, 'visitorId') });
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) return;
    seen.add(id);
    events.push(event);
  });
  return {
    job: { ...job, events },
    copies: events.map((event) => ({
      eventId: event.id.toLowerCase(),
      occurredAt: correctedAt(event, request, ingest.maxEventAgeMs),
      type: event.type,
      data: clientCopy(event, project.queryAllowlist),
    })),
  };
}

function fieldOf(index: number, field: string): string {
  return field === '' ? `clientEvents.${index}` : `clientEvents.${index}.${field}`;
}

/** Validation already accepted the time, so the verdict is the same one: the stored instant. */
function correctedAt(event: IngestEvent, request: PromoteRequest, maxEventAgeMs: number): number {
  const verdict = correctTime(toEpochMs(event.ts), request.sentAt, request.receivedAt, maxEventAgeMs);
  return verdict.ok ? verdict.correctedAt : request.receivedAt;
}
