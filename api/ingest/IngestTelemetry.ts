import type { Rejection } from '../../shared/events/validate.js';

/** Which door events came in through. */
export type IngestSource = 'events' | 'segment';

/**
 * What ingest tells operations about its outcomes (api/metrics/ implements it). Called after
 * the outcome is settled: accepted once Redis holds the job, rejected as the answer lists them.
 */
export interface IngestTelemetry {
  accepted(source: IngestSource, events: number): void;
  rejected(source: IngestSource, rejections: readonly Pick<Rejection, 'field' | 'reason'>[]): void;
  /** A request refused with 429 by the named limit. */
  rateLimited(limit: 'key' | 'ip'): void;
}

/** For apps built without metrics (a test's harness, a tool). */
export const NO_INGEST_TELEMETRY: IngestTelemetry = {
  accepted: () => undefined,
  rejected: () => undefined,
  rateLimited: () => undefined,
};
