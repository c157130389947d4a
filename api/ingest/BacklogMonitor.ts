import type { Logger } from '../../shared/logger.js';

/** The one queue read the monitor needs; a BullMQ `Queue` fits. */
export interface WaitingCounter {
  getWaitingCount(): Promise<number>;
}

export interface BacklogMonitorOptions {
  maxJobs: number;
  pollMs: number;
  log: Logger;
}

/**
 * Reads the queue's waiting count on a timer, once per process, instead of once per request:
 * the bound only has to be roughly right (≤ pollMs stale), and a per-request read would
 * double the Redis round trips of ingest.
 */
export class BacklogMonitor {
  private waiting: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly queue: WaitingCounter,
    private readonly options: BacklogMonitorOptions,
  ) {}

  /** Polls once (so the bound holds from the first request), then every pollMs. */
  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** The last waiting count seen; undefined before the first successful poll. */
  get lastWaiting(): number | undefined {
    return this.waiting;
  }

  isOverloaded(): boolean {
    return this.waiting !== undefined && this.waiting > this.options.maxJobs;
  }

  private poll(): Promise<void> {
    // A slow Redis must not pile up concurrent polls.
    this.polling ??= this.queue
      .getWaitingCount()
      .then((n) => {
        this.waiting = n;
      })
      .catch((err: unknown) => {
        // An unreachable Redis shows up in the enqueue (503) and /readyz; keep the last count.
        this.options.log.debug({ err }, 'backlog poll failed');
      })
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }
}
