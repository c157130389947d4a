import type { Logger } from '../../shared/logger.js';
import type { DeadLetterSink } from '../deadLetterSink.js';
import { describeError, toError } from '../errors.js';
import type { JobContext } from '../normalize/types.js';
import type { EventWriter, WriteItem } from './eventWriter.js';
import { retryTransient } from './retry.js';

export interface PendingEvent extends WriteItem {
  /** Where the row came from, to dead-letter the original event if it cannot be stored. */
  readonly origin: { readonly jobId: string | null; readonly job: JobContext; readonly event: unknown };
}

export interface EventStoreOptions {
  writer: EventWriter;
  deadLetters: DeadLetterSink;
  log: Logger;
  retryBackoffMaxMs: number;
}

/**
 * Writes a batch and decides what each failure means. Transient: the same transaction
 * again, without limit. Permanent: some row is bad, so the batch is halved until the bad
 * rows stand alone; the rest commits and each bad row becomes a dead letter.
 */
export class EventStore {
  constructor(private readonly options: EventStoreOptions) {}

  /** Items that could be neither stored nor dead-lettered, with the error; their jobs must fail. */
  async persist(items: readonly PendingEvent[]): Promise<Map<PendingEvent, Error>> {
    const failed = await this.bisect(items);
    const unrecorded = new Map<PendingEvent, Error>();
    if (failed.length === 0) return unrecorded;
    const results = await this.options.deadLetters.record(
      failed.map(({ item, error }) => ({
        projectId: item.row.project_id,
        jobId: item.origin.jobId,
        payload: { ...item.origin.job, events: [item.origin.event] },
        reason: describeError(error),
      })),
    );
    results.forEach((error, i) => {
      const f = failed[i];
      if (error && f) unrecorded.set(f.item, error);
    });
    return unrecorded;
  }

  private async bisect(items: readonly PendingEvent[]): Promise<{ item: PendingEvent; error: unknown }[]> {
    if (items.length === 0) return [];
    try {
      const { erased } = await this.writeWithRetry(items);
      if (erased > 0) this.options.log.info({ erased }, 'events of erased visitors dropped');
      return [];
    } catch (error) {
      const [only] = items;
      if (items.length === 1 && only) return [{ item: only, error }];
      this.options.log.warn({ err: toError(error), size: items.length }, 'batch failed permanently; bisecting');
      const mid = Math.ceil(items.length / 2);
      return [...(await this.bisect(items.slice(0, mid))), ...(await this.bisect(items.slice(mid)))];
    }
  }

  private writeWithRetry(items: readonly PendingEvent[]) {
    return retryTransient(() => this.options.writer.write(items), {
      maxBackoffMs: this.options.retryBackoffMaxMs,
      onRetry: (err, attempt, delayMs) =>
        this.options.log.warn({ err: toError(err), attempt, delayMs, size: items.length }, 'database unavailable; retrying batch'),
    });
  }
}
