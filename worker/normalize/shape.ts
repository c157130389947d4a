import { isEventType, type EventType } from '../../shared/events/schema.js';
import { isUuid } from '../../shared/ids.js';
import { ToDeadLetter } from './toDeadLetter.js';

export interface EventShape {
  raw: Readonly<Record<string, unknown>>;
  type: EventType;
  id: string;
  visitorId: string;
  sessionId: string;
  ts: number | string;
}

/**
 * The base fields every later step relies on. Job data comes out of Redis untyped, so
 * this is the worker's own guard rather than a trust in the API's validation.
 */
export function checkShape(raw: unknown): EventShape | ToDeadLetter {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return new ToDeadLetter('malformed', '');
  const record = raw as Record<string, unknown>;
  const type = record.type;
  if (!isEventType(type)) return new ToDeadLetter('unknown_type', 'type');
  const ids: string[] = [];
  for (const field of ['id', 'visitorId', 'sessionId'] as const) {
    const value = record[field];
    if (typeof value !== 'string' || !isUuid(value)) return new ToDeadLetter('malformed', field);
    // Lowercased so that in-memory keys match what PostgreSQL returns.
    ids.push(value.toLowerCase());
  }
  const ts = record.ts;
  if (typeof ts !== 'number' && typeof ts !== 'string') return new ToDeadLetter('malformed', 'ts');
  const [id = '', visitorId = '', sessionId = ''] = ids;
  return { raw: record, type, id, visitorId, sessionId, ts };
}
