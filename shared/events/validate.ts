import { firstInputIssue } from '../inputIssues.js';
import { EVENT_SCHEMAS, isEventType, type EventType, type IngestEvent } from './schema.js';
import { fastAccept } from './fastAccept.js';
import { scanJson } from './jsonScan.js';
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
  const { bytes: size, unsafe } = scanJson(raw);
  if (size > ctx.maxEventBytes) return { ok: false, field: '', reason: `event is ${size} bytes; the limit is ${ctx.maxEventBytes}` };
  if (unsafe) return { ok: false, ...unsafe };

  const type: unknown = (raw as Record<string, unknown>).type;
  if (type === undefined) return { ok: false, field: 'type', reason: 'is required' };
  if (!isEventType(type)) return { ok: false, field: 'type', reason: 'is not a known event type' };

  const parsed = fastAccept(type, raw as Record<string, unknown>) ?? parseWithContract(type, raw);
  if (!parsed.ok) return parsed;
  const { event } = parsed;
  const verdict = correctTime(toEpochMs(event.ts), ctx.sentAt, ctx.receivedAt, ctx.maxEventAgeMs);
  if (!verdict.ok) return { ok: false, field: 'ts', reason: verdict.reason };
  return { ok: true, event };
}

/** The contract's own verdict, with the field and reason every refusal names. */
function parseWithContract(type: EventType, raw: unknown): EventVerdict {
  const parsed = EVENT_SCHEMAS[type].safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = firstInputIssue(parsed.error, raw);
  return { ok: false, field: issue?.field ?? '', reason: issue?.reason ?? 'is invalid' };
}
