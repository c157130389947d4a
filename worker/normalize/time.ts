import { correctTime, toEpochMs } from '../../shared/events/time.js';
import { ToDeadLetter } from './toDeadLetter.js';
import type { JobContext } from './types.js';

export interface EventTime {
  /** Corrected instant: the partition key and the day the event counts on. */
  occurredAt: number;
  /** The client's own stamp, kept as sent for debugging clock skew. */
  clientTs: number;
}

/**
 * The same correction the API applied before accepting the event, computed from the
 * job's stamps only: the worker's clock may run hours behind a backlog.
 */
export function correctEventTime(
  ts: number | string,
  job: Pick<JobContext, 'receivedAt' | 'sentAt'>,
  maxEventAgeMs: number,
): EventTime | ToDeadLetter {
  const clientTs = toEpochMs(ts);
  if (!Number.isFinite(clientTs)) return new ToDeadLetter('malformed', 'ts');
  const verdict = correctTime(clientTs, job.sentAt ?? undefined, job.receivedAt, maxEventAgeMs);
  if (!verdict.ok) return new ToDeadLetter(verdict.reason, 'ts');
  return { occurredAt: verdict.correctedAt, clientTs };
}
