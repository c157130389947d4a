import type { RateCheck, RateLimitedError, RateSubject } from './RateLimiter.js';

export interface IngestLimitsOptions {
  /** A request waits at most this long for the rate check before it goes on unchecked. */
  timeoutMs?: number;
}

interface Pending {
  subject: RateSubject;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The two moments an ingest request is counted, so that every request counts whatever its
 * outcome: on arrival against its client IP, before a byte of the body is read (a flood of
 * large bodies is refused for the price of its headers), and, once its key is known to be
 * valid, against that key, before its events are looked at (a flood of invalid events counts
 * like any other). Checks made in the same turn of the event loop go to Redis in one script
 * call.
 *
 * When Redis cannot be asked, requests go on unchecked: the enqueue answers 503 a moment later
 * if Redis is really gone, and a client fault keeps its own 4xx instead of becoming a 503.
 */
export class IngestLimits {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly timeoutMs: number;

  constructor(
    private readonly limiter: RateCheck,
    options: IngestLimitsOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Counts a request against its IP; `ip` is undefined when the socket is already gone. */
  arrival(ip: string | undefined): Promise<void> {
    return ip === undefined || ip === '' ? Promise.resolve() : this.count({ kind: 'ip', ip });
  }

  /** Counts a request against its key (`field`: where the key came from, named in a 429). */
  key(key: string, field: string): Promise<void> {
    return this.count({ kind: 'key', key, field });
  }

  /** Resolves when allowed (or Redis could not be asked); rejects with RateLimitedError. */
  private count(subject: RateSubject): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ subject, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    let timer: NodeJS.Timeout | undefined;
    const unchecked = new Promise<undefined[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.timeoutMs);
    });
    const checking = this.limiter.check(batch.map((p) => p.subject)).catch((): undefined[] => []);
    const verdicts: (RateLimitedError | undefined)[] = await Promise.race([checking, unchecked]);
    clearTimeout(timer);
    batch.forEach((p, i) => {
      const refusal = verdicts[i];
      if (refusal === undefined) p.resolve();
      else p.reject(refusal);
    });
  }
}
