import { z } from 'zod';
import { LIMITS } from './limits.js';

/** The building blocks every event schema of the ingest contract is made of (schema.ts). */

/**
 * Client clocks can say anything; an instant outside [2000, 10000) cannot be a real event
 * time and PostgreSQL cannot store every such instant, so it is refused before the 202.
 */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(10000, 0, 1) - 1;
const IN_RANGE = 'must lie between the years 2000 and 9999';
const SECONDS_HINT = 'must be epoch milliseconds (this looks like seconds)';

/** `date +%s` and Python's `time.time()` give seconds: a number that would be in range times 1000. */
function looksLikeSeconds(value: unknown): boolean {
  return typeof value === 'number' && value * 1000 >= EARLIEST_MS && value * 1000 <= LATEST_MS;
}

/** Too small: seconds get the hint, anything else the plain range. Undefined falls back to zod's message. */
const tooSmall = (issue: { input?: unknown }) => (looksLikeSeconds(issue.input) ? SECONDS_HINT : IN_RANGE);

/** Epoch milliseconds or an ISO 8601 timestamp with an offset. */
export const Timestamp = z.union(
  [
    z.number({ error: 'must be epoch milliseconds or an ISO 8601 timestamp' }).int().min(EARLIEST_MS, { error: tooSmall }).max(LATEST_MS, IN_RANGE),
    z.iso.datetime({ offset: true }).refine((s) => {
      const ms = Date.parse(s);
      return ms >= EARLIEST_MS && ms <= LATEST_MS;
    }, IN_RANGE),
  ],
  // A fractional number fails both branches; fractional seconds still deserve the hint.
  { error: (issue) => (looksLikeSeconds(issue.input) ? SECONDS_HINT : undefined) },
);

export const uuid = z.uuid({ error: 'must be a UUID' });
/** The operator's own id for a video or slot. */
export const CatalogId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -');
export const httpUrl = z
  .string()
  .max(LIMITS.urlChars)
  .refine((s) => URL.canParse(s) && /^https?:$/i.test(new URL(s).protocol), 'must be an absolute http(s) URL');
export const label = z.string().max(LIMITS.labelChars);

/**
 * What the browser knows about its device, optional on every event: the user agent alone
 * cannot tell an iPad (whose Safari claims to be a Mac) from a desktop, nor the screen size.
 */
export const deviceHints = {
  language: z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag').max(35).optional(),
  screenWidth: z.number().int().min(0).max(LIMITS.maxScreenPixels).optional(),
  screenHeight: z.number().int().min(0).max(LIMITS.maxScreenPixels).optional(),
  touchPoints: z.number().int().min(0).max(LIMITS.maxTouchPoints).optional(),
};

export const base = {
  id: uuid,
  ts: Timestamp,
  visitorId: uuid,
  sessionId: uuid,
  ...deviceHints,
};
export const videoRef = { videoId: CatalogId, slotId: CatalogId, playId: uuid };
