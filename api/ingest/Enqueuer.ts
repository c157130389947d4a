import type { BulkJobOptions } from 'bullmq';
import { INGEST_JOB_NAME, INGEST_JOB_OPTIONS, type IngestJobData } from '../../shared/queue/contract.js';
import type { RateCheck, RateSubject } from './RateLimiter.js';

/** The one queue operation the Enqueuer needs; a BullMQ `Queue<IngestJobData>` fits. */
export interface BulkAdder {
  addBulk(jobs: { name: string; data: IngestJobData; opts?: BulkJobOptions }[]): Promise<unknown[]>;
}

export { INGEST_JOB_OPTIONS };

export interface EnqueuerOptions {
  /** Jobs per `addBulk`; bounds one Redis round trip. */
  maxBatch?: number;
  /** A request waits at most this long for Redis before it is answered 503. */
  timeoutMs?: number;
  /** Checked for the whole batch before its `addBulk`; refused requests enqueue nothing. */
  limiter?: RateCheck;
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
  subject: RateSubject | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Coalesces concurrent requests: every job handed in during one turn of the event loop goes
 * to Redis in one `addBulk` (one round trip), and each caller's promise settles when Redis
 * has its job. That is what lets the API answer 202 only after the job is safe. With a
 * limiter, the batch is first checked in one script (a second round trip per tick, not per
 * request); the refused get their `RateLimitedError` and only the allowed go to `addBulk`.
 */
export class Enqueuer {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private sending = 0;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;
  private readonly limiter: RateCheck | undefined;

  constructor(
    private readonly queue: BulkAdder,
    options: EnqueuerOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.limiter = options.limiter;
  }

  /** `subject` is what the request counts against; without it (or a limiter) it is not limited. */
  enqueue(data: IngestJobData, subject?: RateSubject): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, subject, resolve, reject });
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
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new QueueUnavailableError(`Redis did not confirm within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    const work = async (): Promise<Pending[]> => {
      const verdicts = this.limiter ? await this.limiter.check(batch.map((p) => p.subject)) : [];
      const allowed: Pending[] = [];
      const refused: Pending[] = [];
      batch.forEach((p, i) => {
        const refusal = verdicts[i];
        if (refusal === undefined) allowed.push(p);
        else {
          refused.push(p);
          p.reject(refusal);
        }
      });
      // Already answered 503: do not enqueue behind the caller's back.
      if (allowed.length === 0 || timedOut) return refused;
      await this.queue.addBulk(allowed.map((p) => ({ name: INGEST_JOB_NAME, data: p.data, opts: INGEST_JOB_OPTIONS })));
      return refused;
    };
    try {
      const done = work();
      // A timed-out add may still land; the client retries and the worker dedups by event id.
      done.catch(() => undefined);
      const refused = new Set(await Promise.race([done, timeout]));
      for (const p of batch) if (!refused.has(p)) p.resolve();
    } catch (err) {
      const failure = err instanceof QueueUnavailableError ? err : new QueueUnavailableError('Redis refused the job', { cause: err });
      // A promise settles once: the already refused keep their RateLimitedError.
      for (const p of batch) p.reject(failure);
    } finally {
      clearTimeout(timer);
    }
  }
}
