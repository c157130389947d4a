import type { Logger } from '../shared/logger.js';
import type { DeadLetterInput } from './deadLetters.js';
import type { DeadLetterSink } from './deadLetterSink.js';
import { asPayload, parseJobData, unbundle } from './jobData.js';
import { ToDeadLetter } from './normalize/toDeadLetter.js';
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
 * One ingest job (one request, or a bundle of requests): normalize each event, hand the rows
 * to the batcher, and return only when they are committed. Whatever cannot be stored becomes
 * a dead letter with its reason, as a one-request job, and the job still completes; the job
 * fails only if even that is impossible.
 */
export class IngestProcessor {
  constructor(private readonly options: ProcessorOptions) {}

  async process(job: IngestJob): Promise<void> {
    const jobId = job.id ?? null;
    const rows: PendingEvent[] = [];
    const letters: DeadLetterInput[] = [];
    for (const request of unbundle(job.data)) {
      const parsed = parseJobData(request);
      if (!parsed.ok) {
        letters.push({ projectId: parsed.projectId, jobId, payload: asPayload(request), reason: parsed.reason });
        continue;
      }
      const { context, events } = parsed;
      for (const event of events) {
        const result = normalizeEvent(event, context, { maxEventAgeMs: this.options.maxEventAgeMs });
        if (result instanceof ToDeadLetter) {
          letters.push({ projectId: context.projectId, jobId, payload: { ...context, events: [event] }, reason: result.describe() });
        } else {
          rows.push({ row: result, timezone: context.timezone, origin: { jobId, job: context, event } });
        }
      }
    }
    await Promise.all([this.options.batcher.add(rows), this.options.deadLetters.recordAll(letters)]);
  }
}
