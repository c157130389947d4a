import { isEventType, type EventType } from '../../shared/events/schema.js';
import { Drop } from './drop.js';

/** PostgreSQL's canonical uuid text form; lowercased so in-memory keys match what it returns. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
export function checkShape(raw: unknown): EventShape | Drop {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return new Drop('malformed', '');
  const record = raw as Record<string, unknown>;
  const type = record.type;
  if (!isEventType(type)) return new Drop('unknown_type', 'type');
  const ids: string[] = [];
  for (const field of ['id', 'visitorId', 'sessionId'] as const) {
    const value = record[field];
    if (typeof value !== 'string' || !UUID.test(value)) return new Drop('malformed', field);
    ids.push(value.toLowerCase());
  }
  const ts = record.ts;
  if (typeof ts !== 'number' && typeof ts !== 'string') return new Drop('malformed', 'ts');
  const [id = '', visitorId = '', sessionId = ''] = ids;
  return { raw: record, type, id, visitorId, sessionId, ts };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
