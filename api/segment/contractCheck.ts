import { validateEvent } from '../../shared/events/validate.js';
import { segmentField, type FieldOrigins } from './fieldOrigins.js';
import { Refusal } from './messageFields.js';

/** Stands in for a session the server's split has yet to assign: the contract requires one. */
const PENDING_SESSION = '00000000-0000-4000-8000-000000000000';

/**
 * The mapped event against the ingest contract, so that what the transport's own validation
 * would refuse is refused here already, named in Segment's terms. The mapping steps check
 * what they read; this is the net under them. The clock checks (too old, in the future) are
 * left to the transport, which knows the project's retention and corrects for `sentAt`.
 */
export function contractRefusal(event: Readonly<Record<string, unknown>> & { ts: number }, origins: FieldOrigins, maxEventBytes: number | undefined): Refusal | undefined {
  const checked = event.sessionId === undefined ? { ...event, sessionId: PENDING_SESSION } : event;
  const verdict = validateEvent(checked, { receivedAt: event.ts, sentAt: undefined, maxEventBytes: maxEventBytes ?? Infinity, maxEventAgeMs: Infinity });
  if (verdict.ok) return undefined;
  // Only the size check names no field; the properties are what makes an event big.
  const field = verdict.field === '' && 'props' in event ? 'properties' : segmentField(origins, verdict.field);
  return new Refusal(field, verdict.reason);
}
