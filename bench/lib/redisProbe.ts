import { Redis } from 'ioredis';
import { masters, type RedisClient } from '../../shared/queue/redisClient.js';
import { ShardQueues } from './shardQueues.js';

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
  /** The one ingest queue of a single Redis with the default QUEUE_SHARDS. */
  private readonly queue: ShardQueues;

  constructor(readonly prefix: string) {
    this.queue = new ShardQueues(this.redis, prefix, 1, false);
  }

  /** Jobs not yet stored: waiting, being processed, or retrying. */
  queueDepth(): Promise<QueueDepth> {
    return this.queue.queueDepth();
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
    await this.queue.drain();
  }

  async deletePrefix(): Promise<void> {
    await deleteKeysUnder(this.redis, this.prefix);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** Deletes every key under `<prefix>:` on every server (SCAN answers for one node only, so each master is asked). */
export async function deleteKeysUnder(redis: RedisClient, prefix: string): Promise<void> {
  for (const node of await masters(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      // One DEL per key, pipelined: on a cluster the keys of one batch may live in different slots.
      if (batch.length > 0) await batch.reduce((pipeline, key) => pipeline.del(key), node.pipeline()).exec();
      cursor = next;
    } while (cursor !== '0');
  }
}
