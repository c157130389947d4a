import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE } from '../../../shared/queue/contract.js';
import { ROLLUP_QUEUE } from '../../../shared/queue/rollupJob.js';
import type { ScenarioStore } from '../infra/privateServers.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';

const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** Read-only view of a scenario's queues, from the test process. */
export class QueueState {
  readonly ingest: Queue;
  readonly rollup: Queue;
  private readonly connection: RedisClient;

  constructor(store: ScenarioStore) {
    // A plain connection that queues commands while Redis is away, so polls survive a restart.
    this.connection = createRedis({ redis: { url: store.redisUrl, prefix: store.prefix, tlsRejectUnauthorized: true } }, 'worker');
    this.connection.on('error', () => undefined);
    this.ingest = new Queue(INGEST_QUEUE, { connection: this.connection, prefix: store.prefix });
    this.rollup = new Queue(ROLLUP_QUEUE, { connection: this.connection, prefix: store.prefix });
    this.ingest.on('error', () => undefined);
    this.rollup.on('error', () => undefined);
  }

  async unfinished(queue: Queue): Promise<number> {
    const counts = await queue.getJobCounts(...UNFINISHED);
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /** Waits until the ingest queue has held no unfinished job for half a second. */
  async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let emptySince: number | undefined;
    for (;;) {
      const left = await this.unfinished(this.ingest);
      if (left > 0) emptySince = undefined;
      else emptySince ??= Date.now();
      if (emptySince !== undefined && Date.now() - emptySince >= 500) return;
      if (Date.now() > deadline) throw new Error(`ingest queue still holds ${left} unfinished jobs after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** A section of Redis INFO, e.g. `memory`. */
  async redisInfo(section: string): Promise<string> {
    return this.connection.info(section);
  }

  async close(): Promise<void> {
    await this.ingest.close();
    await this.rollup.close();
    this.connection.disconnect();
  }
}
