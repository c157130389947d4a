import { setTimeout as sleep } from 'node:timers/promises';
import { faultEvents, type FaultEvent } from './events.js';
import { Ledger } from './ledger.js';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_RETRY_MS = 200;

export interface StreamOptions {
  /** Web process URLs, used round-robin; a stopped one is skipped by retrying on the next. */
  urls: () => readonly string[];
  writeKey: string;
  events: number;
  eventsPerRequest: number;
  concurrency: number;
  /** Upper bound on the send rate, so a stream lasts long enough for its fault; 0: unpaced. */
  eventsPerSecond: number;
  /** A batch still unacknowledged this long after its first attempt is given up (left in `sent` only). */
  giveUpAfterMs: number;
}

/**
 * A well-behaved server-side client: sends batches with their own UUIDs, and retries each
 * until a 202, waiting Retry-After on 429/503 and a moment on connection errors. It records
 * every event that got a 202, which is what the database must hold afterwards.
 */
export class IngestStream {
  readonly ledger = new Ledger();
  readonly done: Promise<void>;
  private readonly batches: Generator<FaultEvent[]>;
  private nextBatch = 0;
  private nextUrl = 0;
  private readonly startedAt = Date.now();
  private ended = false;

  constructor(private readonly options: StreamOptions) {
    this.batches = batchesOf(faultEvents(options.events), options.eventsPerRequest);
    this.done = Promise.all(Array.from({ length: options.concurrency }, () => this.sender())).then(() => {
      this.ended = true;
    });
  }

  /** Every batch was acknowledged or given up. */
  get finished(): boolean {
    return this.ended;
  }

  /** Resolves once this share of the stream's events is acknowledged. */
  async acknowledged(share: number): Promise<void> {
    const target = Math.ceil(this.options.events * share);
    while (this.ledger.acked.size < target) {
      if (this.ended) throw new Error(`stream ended with ${this.ledger.acked.size} of ${target} events acknowledged`);
      await sleep(20);
    }
  }

  private async sender(): Promise<void> {
    for (;;) {
      const next = this.batches.next();
      if (next.done) return;
      const index = this.nextBatch++;
      if (this.options.eventsPerSecond > 0) {
        const due = this.startedAt + (index * this.options.eventsPerRequest * 1000) / this.options.eventsPerSecond;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      await this.deliver(next.value);
    }
  }

  private async deliver(events: FaultEvent[]): Promise<void> {
    const ids = events.map((e) => e.id);
    this.ledger.recordSent(ids);
    const body = JSON.stringify({ events });
    const giveUpAt = Date.now() + this.options.giveUpAfterMs;
    let refusedInARow = 0;
    while (Date.now() < giveUpAt) {
      const urls = this.options.urls();
      const url = urls[this.nextUrl++ % urls.length];
      let response: Response;
      try {
        response = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cuepoint-key': this.options.writeKey, 'user-agent': BROWSER_UA },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch {
        this.ledger.connectionErrors += 1;
        // Another web process may be up: try each once before pausing.
        refusedInARow += 1;
        if (refusedInARow >= urls.length) {
          refusedInARow = 0;
          await sleep(CONNECTION_RETRY_MS);
        }
        continue;
      }
      refusedInARow = 0;
      const text = await response.text().catch(() => '');
      const at = Date.now();
      this.ledger.recordAnswer(response.status);
      if (response.status === 202) {
        const accepted = (JSON.parse(text) as { accepted: number }).accepted;
        if (accepted !== events.length) this.ledger.unexpected.push(`202 accepted ${accepted} of ${events.length}: ${text}`);
        this.ledger.recordAck(ids, at);
        return;
      }
      if (response.status === 429 || response.status === 503) {
        const retryAfter = response.headers.get('retry-after');
        if (retryAfter === null || !/^\d+$/.test(retryAfter)) this.ledger.refusalsWithoutRetryAfter += 1;
        await sleep(retryAfterMs(retryAfter));
        continue;
      }
      this.ledger.unexpected.push(`${response.status}: ${text.slice(0, 300)}`);
      return;
    }
  }
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
