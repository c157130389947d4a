import { LIMITS } from './limits.js';

export type TimeVerdict =
  | { ok: true; correctedAt: number; clamped: boolean }
  | { ok: false; reason: 'ts_future' | 'ts_too_old' };

/** Epoch milliseconds from a contract timestamp (number or ISO string). */
export function toEpochMs(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/**
 * Corrects the client clock with the transmission stamp: ts + (receivedAt - sentAt).
 * Pure, so the API (which must reject before the 202) and the worker agree exactly.
 */
export function correctTime(ts: number, sentAt: number | undefined, receivedAt: number, maxAgeMs: number): TimeVerdict {
  const corrected = sentAt === undefined ? ts : ts + (receivedAt - sentAt);
  if (corrected > receivedAt + LIMITS.futureToleranceMs) return { ok: false, reason: 'ts_future' };
  if (corrected < receivedAt - maxAgeMs) return { ok: false, reason: 'ts_too_old' };
  if (corrected > receivedAt) return { ok: true, correctedAt: receivedAt, clamped: true };
  return { ok: true, correctedAt: corrected, clamped: false };
}

const DAY_MS = 86_400_000;

/**
 * The oldest a project's event may be: the global limit, the project's retention, and no earlier
 * than its first day whose raw events are complete (`rawKeptFrom`, epoch ms): an event there
 * would be deleted at the next retention run, and its day's figures are no longer recomputed.
 */
export function projectMaxAgeMs(globalMaxAgeMs: number, project: { retentionDays?: number; rawKeptFrom?: number }, receivedAt: number): number {
  const retained = project.retentionDays === undefined ? Infinity : project.retentionDays * DAY_MS;
  const kept = project.rawKeptFrom === undefined ? Infinity : receivedAt - project.rawKeptFrom;
  return Math.min(globalMaxAgeMs, retained, kept);
}
