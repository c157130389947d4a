import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { ingestShardNames } from '../../shared/queue/shards.js';
import type { QueueDepth, QueueDepthProbe } from './redisProbe.js';

/**
 * The ingest backlog of a sharded deployment: every shard's queue, summed, as the end-to-end
 * steps wait on it. Works on a single Redis and on a cluster (each queue name is then a hash tag).
 */
export class ShardQueues implements QueueDepthProbe {
  private readonly queues: Queue[];

  constructor(
    connection: Redis | Cluster,
    prefix: string,
    readonly shards: number,
    cluster: boolean,
  ) {
    this.queues = ingestShardNames(shards, cluster).map((name) => new Queue(name, { connection, prefix }));
  }

  get names(): string[] {
    return this.queues.map((q) => q.name);
  }

  async queueDepth(): Promise<QueueDepth> {
    const counts = await Promise.all(this.queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed')));
    const sum = (pick: (c: Record<string, number>) => number) => counts.reduce((total, c) => total + pick(c), 0);
    return {
      waiting: sum((c) => (c.waiting ?? 0) + (c.prioritized ?? 0)),
      active: sum((c) => c.active ?? 0),
      delayed: sum((c) => c.delayed ?? 0),
      failed: sum((c) => c.failed ?? 0),
    };
  }

  /** Removes the jobs waiting in every shard (no worker may be running), so the next load starts from an empty queue. */
  async drain(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.drain(true)));
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}
