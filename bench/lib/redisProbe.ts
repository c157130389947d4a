import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE } from '../../shared/queue/contract.js';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Jobs of the ingest queue(s) not yet stored, as the end-to-end steps wait on them. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Whatever can tell how many ingest jobs are left: one queue on one Redis, or every shard of a cluster. */
export interface QueueDepthProbe {
  queueDepth(): Promise<QueueDepth>;
}

/** Reads the bench's own queue and the Redis server's memory; never writes outside its prefix. */
export class RedisProbe implements QueueDepthProbe {
  readonly redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  private readonly queue: Queue;

  constructor(readonly prefix: string) {
    this.queue = new Queue(INGEST_QUEUE, { connection: this.redis, prefix });
  }

  /** Jobs not yet stored: waiting, being processed, or retrying. */
  async queueDepth(): Promise<QueueDepth> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  /** The whole server's used_memory (the server is shared; see prefixBytes for the bench's own share). */
  async usedMemory(): Promise<number> {
    const info = await this.redis.info('memory');
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
  }

  /** Bytes held by keys under the bench's prefix (MEMORY USAGE summed over a SCAN). */
  async prefixBytes(): Promise<{ keys: number; bytes: number }> {
    let cursor = '0';
    let keys = 0;
    let bytes = 0;
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
      for (const key of batch) {
        keys += 1;
        bytes += (await this.redis.memory('USAGE', key)) ?? 0;
      }
      cursor = next;
    } while (cursor !== '0');
    return { keys, bytes };
  }

  /** Removes the jobs waiting in the bench's queue (no worker may be running), so the next load starts from an empty queue. */
  async emptyQueue(): Promise<void> {
    await this.queue.drain(true);
  }

  async deletePrefix(): Promise<void> {
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
      if (batch.length) await this.redis.del(...batch);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
