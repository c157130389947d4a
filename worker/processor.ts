import type { Logger } from '../shared/logger.js';
import type { DeadLetterInput } from './deadLetters.js';
import type { DeadLetterSink } from './deadLetterSink.js';
import { asPayload, parseJobData } from './jobData.js';
import { Drop } from './normalize/drop.js';
import { normalizeEvent } from './normalize/pipeline.js';
import type { Batcher } from './persist/batcher.js';
import type { PendingEvent } from './persist/eventStore.js';

export interface IngestJob {
  id?: string | undefined;
  data: unknown;
}

export interface ProcessorOptions {
  batcher: Batcher<PendingEvent>;
  deadLetters: DeadLetterSink;
  maxEventAgeMs: number;
  log: Logger;
}

/**
 * One ingest job: normalize each event, hand the rows to the batcher, and return only
 * when they are committed. Whatever cannot be stored becomes a dead letter with its
 * reason and the job still completes; the job fails only if even that is impossible.
 */
export class IngestProcessor {
  constructor(private readonly options: ProcessorOptions) {}

  async process(job: IngestJob): Promise<void> {
    const jobId = job.id ?? null;
    const parsed = parseJobData(job.data);
    if (!parsed.ok) {
      await this.options.deadLetters.recordAll([{ projectId: parsed.projectId, jobId, payload: asPayload(job.data), reason: parsed.reason }]);
      return;
    }
    const { context, events } = parsed;
    const rows: PendingEvent[] = [];
    const dropped: DeadLetterInput[] = [];
    for (const event of events) {
      const result = normalizeEvent(event, context, { maxEventAgeMs: this.options.maxEventAgeMs });
      if (result instanceof Drop) {
        dropped.push({ projectId: context.projectId, jobId, payload: { ...context, events: [event] }, reason: result.describe() });
      } else {
        rows.push({ row: result, timezone: context.timezone, origin: { jobId, job: context, event } });
      }
    }
    await Promise.all([this.options.batcher.add(rows), this.options.deadLetters.recordAll(dropped)]);
  }
}
