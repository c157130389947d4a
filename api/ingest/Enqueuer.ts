import type { BulkJobOptions } from 'bullmq';
import {
  INGEST_JOB_NAME,
  INGEST_JOB_OPTIONS,
  MAX_BUNDLE_EVENTS,
  MAX_BUNDLE_REQUESTS,
  type IngestJobData,
  type IngestQueueData,
} from '../../shared/queue/contract.js';

/** The one queue operation the Enqueuer needs; a BullMQ `Queue<IngestQueueData>` fits. */
export interface BulkAdder {
  addBulk(jobs: { name: string; data: IngestQueueData; opts?: BulkJobOptions }[]): Promise<unknown[]>;
}

export { INGEST_JOB_OPTIONS };

export interface EnqueuerOptions {
  /** Jobs per `addBulk`; bounds one Redis round trip. */
  maxBatch?: number;
  /** A request waits at most this long for Redis before it is answered 503. */
  timeoutMs?: number;
}

/** Redis did not take the job; the request gets 503 + Retry-After. */
export class QueueUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}

interface Pending {
  data: IngestJobData;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Coalesces concurrent requests: every request handed in during one turn of the event loop
 * goes to Redis in one `addBulk` (one round trip), bundled into one job per project, and each
 * caller's promise settles when Redis has its job. That is what lets the API answer 202 only
 * after the job is safe. Rate limits are counted earlier (IngestLimits), before the request's
 * body and events are looked at.
 */
export class Enqueuer {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private sending = 0;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly queue: BulkAdder,
    options: EnqueuerOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  enqueue(data: IngestJobData): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Jobs handed in but not yet confirmed or refused. */
  get pendingCount(): number {
    return this.pending.length + this.sending;
  }

  /**
   * Resolves when every job handed in before this call has been confirmed or refused, however
   * many arrive meanwhile (unlike `drain`): a promote waits for the events sent before it.
   */
  async settled(): Promise<void> {
    // A flush scheduled for this turn runs before an immediate queued now, so its sends are in flight after it.
    if (this.scheduled) await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves when every job handed in so far has been confirmed or refused. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight.size > 0 || this.scheduled) {
      if (this.pending.length > 0 && !this.scheduled) this.flush();
      await Promise.allSettled([...this.inFlight, new Promise<void>((r) => setImmediate(r))]);
    }
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.sending += batch.length;
      const sent = this.send(batch).finally(() => {
        this.sending -= batch.length;
        this.inFlight.delete(sent);
      });
      this.inFlight.add(sent);
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailableError(`Redis did not confirm within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const done = this.queue.addBulk(bundle(batch.map((p) => p.data)).map((data) => ({ name: INGEST_JOB_NAME, data, opts: INGEST_JOB_OPTIONS })));
      // A timed-out add may still land; the client retries and the worker dedups by event id.
      done.catch(() => undefined);
      await Promise.race([done, timeout]);
      for (const p of batch) p.resolve();
    } catch (err) {
      const failure = err instanceof QueueUnavailableError ? err : new QueueUnavailableError('Redis refused the job', { cause: err });
      for (const p of batch) p.reject(failure);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * One job per project and up to MAX_BUNDLE_REQUESTS requests (MAX_BUNDLE_EVENTS events); a
 * lone request stays a v1 job.
 * The job is acknowledged as a whole, so every request in it is answered 202 together.
 */
export function bundle(requests: readonly IngestJobData[]): IngestQueueData[] {
  const byProject = new Map<string, IngestJobData[]>();
  for (const request of requests) {
    const list = byProject.get(request.projectId);
    if (list) list.push(request);
    else byProject.set(request.projectId, [request]);
  }
  const jobs: IngestQueueData[] = [];
  const close = (projectId: string, chunk: IngestJobData[]) => {
    const [only] = chunk;
    if (only) jobs.push(chunk.length === 1 ? only : { v: 2, projectId, requests: chunk });
  };
  for (const [projectId, list] of byProject) {
    let chunk: IngestJobData[] = [];
    let events = 0;
    for (const request of list) {
      if (chunk.length === MAX_BUNDLE_REQUESTS || (chunk.length > 0 && events + request.events.length > MAX_BUNDLE_EVENTS)) {
        close(projectId, chunk);
        chunk = [];
        events = 0;
      }
      chunk.push(request);
      events += request.events.length;
    }
    close(projectId, chunk);
  }
  return jobs;
}
