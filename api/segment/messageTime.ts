import { given, Refusal, type JsonObject } from './messageFields.js';

/**
 * When a Segment message happened and when it was sent. Segment's clients send ISO 8601
 * strings (a `Date` serialises to one); some send a JavaScript date string
 * (`Tue Jan 02 2024 10:00:00 GMT+0100`). Both are read; a date without an offset is UTC.
 */

const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(10000, 0, 1) - 1;
const DATE_REASON = 'must be an ISO 8601 date';

/** `2024-01-02T10:00:00` (no offset): JavaScript would read local time, which depends on the server. */
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/** A date string names a four-digit year; `Date.parse('1')` alone would give 2001. */
const HAS_YEAR = /\d{4}/;

/** Epoch ms of a date string, or a refusal naming `field`. */
export function parseDate(value: unknown, field: string): number | Refusal {
  if (typeof value !== 'string') return new Refusal(field, DATE_REASON);
  const text = ISO_WITHOUT_OFFSET.test(value) ? `${value}Z` : value;
  const ms = HAS_YEAR.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms) || !realDay(text)) return new Refusal(field, DATE_REASON);
  if (ms < EARLIEST_MS || ms > LATEST_MS) return new Refusal(field, 'must lie between the years 2000 and 9999');
  return ms;
}

/** V8 reads `2026-02-30` as 2 March; an ISO date names a day that exists or none. */
function realDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return true;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface MessageTime {
  /** The event time as the client's clock saw it, epoch ms. */
  ts: number;
  /** The field it came from; the receipt time when the message named none. */
  field: 'timestamp' | 'originalTimestamp' | 'receivedAt';
  /** The client's clock when it sent the message, for clock-skew correction. */
  sentAt?: number;
}

/**
 * `timestamp`, else `originalTimestamp`, else the receipt time. A message with no time at all
 * happened about when it arrived; `sentAt` is then left out, because the receipt time needs no
 * correction for the client's clock.
 */
export function messageTime(message: JsonObject, receivedAt: number): MessageTime | Refusal {
  const field = given(message.timestamp) ? 'timestamp' : given(message.originalTimestamp) ? 'originalTimestamp' : undefined;
  const sentAt = given(message.sentAt) ? parseDate(message.sentAt, 'sentAt') : undefined;
  if (sentAt instanceof Refusal) return sentAt;
  if (field === undefined) return { ts: receivedAt, field: 'receivedAt' };
  const ts = parseDate(message[field], field);
  if (ts instanceof Refusal) return ts;
  return sentAt === undefined ? { ts, field } : { ts, field, sentAt };
}
