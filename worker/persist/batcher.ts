export interface BatcherOptions<T> {
  /** Flush as soon as this many items are pending. */
  maxEvents: number;
  /** Flush this long after the first pending item arrived, however few are pending. */
  flushMs: number;
  /** Stores a batch; returns the items that failed. Should not throw (a throw fails the whole batch). */
  flush: (items: T[]) => Promise<ReadonlyMap<T, Error>>;
}

interface Ticket {
  remaining: number;
  error: Error | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface Entry<T> {
  item: T;
  ticket: Ticket;
}

/**
 * Coalesces the events of concurrently processed jobs into one write. Each `add` (one
 * job) settles only after every batch holding its items has been flushed, so a job
 * completes only once its rows are committed. One flush runs at a time: while it
 * runs, the next batch fills up, which is the batching that matters under load.
 */
export class Batcher<T> {
  private pending: Entry<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private due = false;
  private draining = false;
  private flushing = false;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: BatcherOptions<T>) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  add(items: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('batcher is closed'));
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const ticket: Ticket = { remaining: items.length, error: undefined, resolve, reject };
      for (const item of items) this.pending.push({ item, ticket });
      this.schedule();
    });
  }

  /** Flushes everything pending and waits until no flush is running. */
  async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0 || this.flushing) {
        const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        this.due = true;
        this.kick();
        await idle;
      }
    } finally {
      this.draining = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.pending.length >= this.options.maxEvents) {
      this.due = true;
      this.kick();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.due = true;
        this.kick();
      }, this.options.flushMs);
    }
  }

  private kick(): void {
    if (this.flushing || !this.due || this.pending.length === 0) return;
    this.flushing = true;
    void this.loop();
  }

  // Always awaits at least once before clearing `flushing`, so kick() never sees a stale flag.
  private async loop(): Promise<void> {
    while (this.due && this.pending.length > 0) {
      const batch = this.take();
      await this.flushBatch(batch);
    }
    this.flushing = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private take(): Entry<T>[] {
    const batch = this.pending.splice(0, this.options.maxEvents);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = this.draining || this.pending.length >= this.options.maxEvents;
    if (!this.due && this.pending.length > 0) this.schedule();
    return batch;
  }

  private async flushBatch(batch: Entry<T>[]): Promise<void> {
    let failures: ReadonlyMap<T, Error>;
    try {
      failures = await this.options.flush(batch.map((e) => e.item));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      failures = new Map(batch.map((e) => [e.item, error]));
    }
    for (const { item, ticket } of batch) {
      ticket.error ??= failures.get(item);
      ticket.remaining--;
      if (ticket.remaining === 0) {
        if (ticket.error) ticket.reject(ticket.error);
        else ticket.resolve();
      }
    }
  }
}
