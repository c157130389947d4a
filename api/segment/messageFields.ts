import { redactEmails } from '../ingest/privacy.js';
import { findUnsafeValue } from '../../shared/events/safety.js';

/**
 * Reading a Segment message: what one field may hold, and the refusal that names it in Segment's
 * own terms (`properties.revenue`, `context.page.url`), so a client can find what it sent.
 */

/** A message refused, with the Segment field at fault and why. */
export class Refusal {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {}
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object at `key`, or an empty one when the member is absent or not an object. */
export function objectAt(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  return isObject(value) ? value : {};
}

/** Absent and `null` mean the same in Segment's messages: not given. */
export function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * An id as Segment allows it: a string or a number (some clients send numeric user ids);
 * numbers become their decimal text. Undefined for absent, null and the empty string.
 */
export function idText(value: unknown, field: string): string | undefined | Refusal {
  if (!given(value) || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return new Refusal(field, 'must be a string or a number');
  return wellFormed(value, field);
}

/** A string PostgreSQL and JSON consumers can hold: no NUL, no lone surrogate. */
export function wellFormed(value: string, field: string): string | Refusal {
  const issue = findUnsafeValue(value);
  return issue ? new Refusal(field, issue.reason) : value;
}

/** The first of `names` present on `parent` as [name, value]; snake_case and camelCase spellings of one field. */
export function firstGiven(parent: JsonObject, names: readonly string[]): [string, unknown] | undefined {
  for (const name of names) if (given(parent[name])) return [name, parent[name]];
  return undefined;
}

/**
 * Message properties as a custom event's props: checked for what no stored event may hold
 * (NUL, lone surrogates, prototype keys, nesting deeper than the contract allows) before they
 * are copied, so a bad one is named by its path under `field`. They sit one level below the
 * event, as `props` do.
 */
export function safeProperties(value: unknown, field: string): JsonObject | Refusal {
  if (!given(value)) return {};
  if (!isObject(value)) return new Refusal(field, 'must be an object');
  const issue = findUnsafeValue(value, [field], 1);
  return issue ? new Refusal(issue.field, issue.reason) : (withoutEmails(value) as JsonObject);
}

/**
 * Shops instrumented for Segment routinely put the customer's e-mail address in a track's
 * properties (for their CRM destinations); Cuepoint has no use for it, so every string value
 * has e-mail addresses replaced before the event is queued, as form values are.
 */
function withoutEmails(value: unknown): unknown {
  if (typeof value === 'string') return redactEmails(value);
  if (Array.isArray(value)) return value.map(withoutEmails);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutEmails(v)]));
  return value;
}

/** The start of `value` with at most `max` UTF-16 units, never ending inside a surrogate pair. */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
