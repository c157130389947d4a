import type { RequestKind } from '../ingest/requestKinds.js';

/**
 * The Segment loads and, for each, its `/v1/events` twin: the same events in the same round,
 * so the ratio between them is the route's cost and not the machine's mood.
 */
export interface Scenario {
  kind: RequestKind;
  eventsPerRequest: number;
  label: string;
  /** The `/v1/events` load it is held against; undefined for a twin itself. */
  twin?: RequestKind;
}

export const INGEST_SCENARIOS: readonly Scenario[] = [
  { kind: 'events-twin', eventsPerRequest: 20, label: '`/v1/events`, the batch’s 20 events, JSON, write key header' },
  { kind: 'segment-batch', eventsPerRequest: 20, label: '`/v1/batch`, 20 analytics-node messages, Basic auth', twin: 'events-twin' },
  { kind: 'events-beacon', eventsPerRequest: 1, label: '`/v1/events`, 1 event as the tracker sends it (text/plain, key in the body, Origin)' },
  { kind: 'segment-t', eventsPerRequest: 1, label: '`/v1/t`, 1 analytics.js track call (text/plain, writeKey in the body, Origin)', twin: 'events-beacon' },
];

export const END_TO_END_SCENARIOS: readonly Scenario[] = INGEST_SCENARIOS.filter((s) => s.eventsPerRequest === 20);

/** Round r runs the scenarios rotated by r, so no load always runs first or after the same one. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
