import { EVENT_SCHEMAS, isEventType, type IngestEvent } from './schema.js';
import { findUnsafeValue } from './safety.js';
import { correctTime, toEpochMs } from './time.js';

export interface Rejection {
  index: number;
  field: string;
  reason: string;
}

export interface ValidationContext {
  receivedAt: number;
  sentAt: number | undefined;
  maxEventBytes: number;
  maxEventAgeMs: number;
}

export type EventVerdict = { ok: true; event: IngestEvent } | { ok: false; field: string; reason: string };

/** Every check that can reject one event; an event that passes here always stores. */
export function validateEvent(raw: unknown, ctx: ValidationContext): EventVerdict {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, field: '', reason: 'event must be a JSON object' };
  }
  const size = Buffer.byteLength(JSON.stringify(raw));
  if (size > ctx.maxEventBytes) return { ok: false, field: '', reason: `event is ${size} bytes; the limit is ${ctx.maxEventBytes}` };
  const unsafe = findUnsafeValue(raw);
  if (unsafe) return { ok: false, ...unsafe };

  const type: unknown = (raw as Record<string, unknown>).type;
  if (type === undefined) return { ok: false, field: 'type', reason: 'is required' };
  if (!isEventType(type)) return { ok: false, field: 'type', reason: 'is not a known event type' };

  const parsed = EVENT_SCHEMAS[type].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return { ok: false, field: '', reason: 'is invalid' };
    const missing = valueAt(raw, issue.path) === undefined;
    return { ok: false, field: issue.path.join('.'), reason: missing ? 'is required' : issue.message };
  }
  const event: IngestEvent = parsed.data;
  const verdict = correctTime(toEpochMs(event.ts), ctx.sentAt, ctx.receivedAt, ctx.maxEventAgeMs);
  if (!verdict.ok) return { ok: false, field: 'ts', reason: verdict.reason };
  return { ok: true, event };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
