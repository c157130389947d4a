import type pg from 'pg';
import { storedEvents } from '../lib/database.js';
import type { QueueDepthProbe } from '../lib/redisProbe.js';

export interface DepthSample {
  /** Seconds since the recorder started. */
  t: number;
  /** Jobs waiting plus jobs being processed. */
  depth: number;
}

/** Samples the queue depth in the background, to show how a backlog builds and drains. */
export class DepthRecorder {
  readonly samples: DepthSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly t0 = Date.now();

  constructor(private readonly probe: QueueDepthProbe) {}

  start(): this {
    this.timer = setInterval(() => {
      const t = (Date.now() - this.t0) / 1000;
      this.probe.queueDepth().then(
        (d) => this.samples.push({ t, depth: d.waiting + d.active + d.delayed }),
        () => undefined, // a missed sample only thins the timeline
      );
    }, 250);
    return this;
  }

  stop(): DepthSample[] {
    clearInterval(this.timer);
    return this.samples;
  }

  peak(): number {
    return this.samples.reduce((max, s) => Math.max(max, s.depth), 0);
  }

  /** A compact timeline, one point every `everyS` seconds: "0s 0, 2s 1.2k, ...". */
  timeline(everyS: number): string {
    const points: string[] = [];
    let next = 0;
    for (const s of this.samples) {
      if (s.t + 1e-9 < next) continue;
      points.push(`${Math.round(s.t)}s ${compact(s.depth)}`);
      next = s.t + everyS;
    }
    return points.join(', ');
  }
}

function compact(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

export interface StoredAt {
  /** Epoch ms at which the expected count was first seen committed (poll resolution ~100 ms). */
  at: number;
  stored: number;
  complete: boolean;
  failedJobs: number;
}

/**
 * Waits until `expected` events are committed. While jobs remain in the queue only Redis is
 * asked (cheap); the count in PostgreSQL is polled once the queue looks empty, so the polling
 * itself does not slow the writer it measures.
 */
export async function waitUntilStored(pool: pg.Pool, probe: QueueDepthProbe, expected: number, timeoutMs: number): Promise<StoredAt> {
  const deadline = Date.now() + timeoutMs;
  // An empty queue with a count that stays short means events were lost or dead-lettered.
  let emptySince: number | undefined;
  for (;;) {
    const depth = await probe.queueDepth();
    const empty = depth.waiting + depth.active + depth.delayed === 0;
    if (empty || Date.now() > deadline) {
      emptySince ??= Date.now();
      const stored = await storedEvents(pool);
      const result = { at: Date.now(), stored, failedJobs: depth.failed };
      if (stored >= expected) return { ...result, complete: true };
      if (Date.now() > deadline || Date.now() - emptySince > STALL_MS) return { ...result, complete: false };
      await sleep(100);
    } else {
      emptySince = undefined;
      await sleep(200);
    }
  }
}

const STALL_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
