import { LIMITS } from './limits.js';
import { EVENT_SCHEMAS, type EventType, type IngestEvent } from './schema.js';
import { VIDEO_STATES } from './videoEvents.js';

/**
 * The accept fast path of the ingest contract: plain checks that say "zod accepts this event,
 * and this is the value it returns" for the events trackers send, or nothing at all. The zod
 * schemas stay the contract: whatever the fast path does not accept (an ISO timestamp, a form
 * submission, anything invalid) goes through them, so every refusal keeps zod's field and
 * reason. A property test holds the two to the same verdict and the same value.
 */

type Check = (value: unknown) => boolean;

const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(10000, 0, 1) - 1;
const UUID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const CATALOG_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const HTTP_PROTOCOL = /^https?:$/i;

const text = (max: number, min = 0): Check => (v) => typeof v === 'string' && v.length >= min && v.length <= max;
const matching = (pattern: RegExp, max = Infinity): Check => (v) => typeof v === 'string' && v.length <= max && pattern.test(v);
const number = (min: number, max: number): Check => (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const above = (min: number, max: number): Check => (v) => typeof v === 'number' && Number.isFinite(v) && v > min && v <= max;
const integer = (min: number, max: number): Check => (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const oneOf = (values: readonly unknown[]): Check => (v) => values.includes(v);
const boolean: Check = (v) => typeof v === 'boolean';

/** The same test as the contract's httpUrl, with the address parsed once instead of twice. */
const httpUrl: Check = (v) => {
  if (typeof v !== 'string' || v.length > LIMITS.urlChars) return false;
  try {
    return HTTP_PROTOCOL.test(new URL(v).protocol);
  } catch {
    return false;
  }
};
const uuid = matching(UUID);
const catalogId = matching(CATALOG_ID);
const label = text(LIMITS.labelChars);
const filledLabel = text(LIMITS.labelChars, 1);
const mediaSeconds = number(0, LIMITS.maxMediaSeconds);
/** Epoch milliseconds only; an ISO timestamp is left to the contract. */
const epochMs = integer(EARLIEST_MS, LATEST_MS);
const isRecord = (v: unknown): boolean => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Checks by field name, for every type that has the field with this meaning. */
const FIELDS: Readonly<Record<string, Check>> = {
  id: uuid,
  ts: epochMs,
  visitorId: uuid,
  sessionId: uuid,
  playId: uuid,
  language: matching(LANGUAGE, 35),
  screenWidth: integer(0, LIMITS.maxScreenPixels),
  screenHeight: integer(0, LIMITS.maxScreenPixels),
  touchPoints: integer(0, LIMITS.maxTouchPoints),
  url: httpUrl,
  videoId: catalogId,
  slotId: catalogId,
  toSlotId: catalogId,
  label,
  title: text(LIMITS.titleChars),
  referrer: (v) => v === '' || httpUrl(v),
  timeOnPageMs: integer(0, LIMITS.maxTimeOnPageMs),
  maxScrollPercent: number(0, 100),
  target: oneOf(['cta', 'detail', 'choice']),
  conversionType: filledLabel,
  value: number(-LIMITS.maxValue, LIMITS.maxValue),
  currency: matching(/^[A-Z]{3}$/),
  orderId: filledLabel,
  formId: filledLabel,
  name: filledLabel,
  userId: text(LIMITS.userIdChars, 1),
  duration: above(0, LIMITS.maxMediaSeconds),
  totalLength: above(0, LIMITS.maxMediaSeconds),
  startupMs: integer(0, LIMITS.maxStartupMs),
  autoplay: boolean,
  fatal: boolean,
  durationMs: integer(0, LIMITS.maxStallMs),
  from: mediaSeconds,
  to: mediaSeconds,
  position: mediaSeconds,
  seekPosition: mediaSeconds,
  seconds: number(0, LIMITS.maxSeconds),
  code: text(LIMITS.errorCodeChars, 1),
  reason: oneOf(['completed', 'exited', 'error']),
  state: oneOf(VIDEO_STATES),
};

/** Fields whose meaning depends on the type. */
const TYPE_FIELDS: Partial<Record<EventType, Readonly<Record<string, Check>>>> = {
  holdout: { percent: integer(1, 50) },
  video_progress: { percent: oneOf([25, 50, 75, 100]) },
  // The contract copies a record into a new object; the fast path does the same (copyOf).
  custom: { props: isRecord },
};

type Refinement = (e: Record<string, unknown>) => boolean;
const shownTogether: Refinement = (e) => (e.videoId === undefined) === (e.slotId === undefined);

/**
 * The cross-field rules of each type whose schema has any (schema.ts, videoEvents.ts), with the
 * number of zod checks each stands for: a rule added to such a schema changes the count, and the
 * type then gets no plan until its check is written here too.
 */
const REFINEMENTS: Partial<Record<EventType, { rule: Refinement; zodChecks: number }>> = {
  impression: { rule: shownTogether, zodChecks: 2 },
  widget_open: { rule: shownTogether, zodChecks: 2 },
  click: { rule: (e) => e.target !== 'choice' || e.toSlotId !== undefined, zodChecks: 1 },
  conversion: { rule: (e) => e.value === undefined || e.currency !== undefined, zodChecks: 1 },
  video_time: {
    rule: (e) => {
      if (e.from === undefined || e.to === undefined) return e.from === undefined && e.to === undefined;
      const [from, to, seconds] = [e.from as number, e.to as number, e.seconds as number];
      return to >= from && to - from <= seconds + LIMITS.maxRangeOverSeconds;
    },
    zodChecks: 4,
  },
};

interface Field {
  key: string;
  check: Check;
  optional: boolean;
}

interface FastSchema {
  /** In the schema's order, which is the order of the value zod returns. */
  fields: readonly Field[];
  known: ReadonlySet<string>;
  refinement: Refinement | undefined;
}

/**
 * One plan per type, read off its zod schema: the field order and which fields are optional
 * come from the contract itself. A type with a field or a rule the fast path has no check for
 * gets no plan, and every event of it goes to zod.
 */
function planOf(type: EventType): FastSchema | undefined {
  const schema = EVENT_SCHEMAS[type];
  const checks = (schema._zod.def.checks ?? []).length;
  const refinement = REFINEMENTS[type];
  if (checks !== (refinement?.zodChecks ?? 0)) return undefined;
  const fields: Field[] = [];
  for (const [key, fieldSchema] of Object.entries(schema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)) {
    const check = key === 'type' ? (v: unknown) => v === type : (TYPE_FIELDS[type]?.[key] ?? FIELDS[key]);
    if (check === undefined) return undefined;
    fields.push({ key, check, optional: fieldSchema.safeParse(undefined).success });
  }
  return { fields, known: new Set(fields.map((f) => f.key)), refinement: refinement?.rule };
}

const PLANS = new Map<EventType, FastSchema | undefined>();

/**
 * The value zod would return for `raw` as a `type` event, when the fast path is sure zod
 * accepts it; undefined means "ask zod". `raw` is a plain object already checked by the
 * safety walk.
 */
export function fastAccept(type: EventType, raw: Record<string, unknown>): { ok: true; event: IngestEvent } | undefined {
  let plan = PLANS.get(type);
  if (plan === undefined && !PLANS.has(type)) {
    plan = planOf(type);
    PLANS.set(type, plan);
  }
  if (plan === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const { key, check, optional } of plan.fields) {
    if (!Object.hasOwn(raw, key)) {
      if (optional) continue;
      return undefined;
    }
    const value = raw[key];
    if (!check(value)) return undefined;
    out[key] = key === 'props' ? { ...(value as Record<string, unknown>) } : value;
  }
  if (plan.refinement !== undefined && !plan.refinement(out)) return undefined;
  for (const key of Object.keys(raw)) {
    if (plan.known.has(key)) continue;
    // Never assigned as a member (it would set the prototype); the safety walk refuses it anyway.
    if (key === '__proto__') return undefined;
    out[key] = raw[key];
  }
  return { ok: true, event: out as IngestEvent };
}
