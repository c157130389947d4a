import { Queue, type BulkJobOptions } from 'bullmq';
import type { IngestQueueData } from './contract.js';
import type { RedisClient } from './redisClient.js';
import { ingestShardNames, shardOf, type ShardLayout } from './shards.js';

type BulkJob = { name: string; data: IngestQueueData; opts?: BulkJobOptions };

/**
 * The producer's view of the ingest shards: one BullMQ queue per shard on one connection. A
 * batch of jobs is split by project (each job holds one project's requests) and each part added
 * to its shard's queue in one `addBulk`; the batch is taken when every part is.
 */
export class IngestQueues {
  readonly queues: Queue<IngestQueueData>[];

  constructor(
    connection: RedisClient,
    prefix: string,
    private readonly layout: ShardLayout,
  ) {
    this.queues = ingestShardNames(layout.shards, layout.cluster).map((name) => new Queue<IngestQueueData>(name, { connection, prefix }));
  }

  /** The queue of a project's jobs. */
  queueFor(projectId: string | undefined): Queue<IngestQueueData> {
    // A replayed dead letter may lack its project; any shard will do, the worker refuses it again.
    return this.queues[shardOf(projectId ?? '', this.layout.shards)] as Queue<IngestQueueData>;
  }

  async addBulk(jobs: BulkJob[]): Promise<unknown[]> {
    if (this.queues.length === 1) return (this.queues[0] as Queue<IngestQueueData>).addBulk(jobs);
    const byQueue = new Map<Queue<IngestQueueData>, BulkJob[]>();
    for (const job of jobs) {
      const queue = this.queueFor(job.data.projectId);
      const list = byQueue.get(queue);
      if (list) list.push(job);
      else byQueue.set(queue, [job]);
    }
    const added = await Promise.all([...byQueue].map(([queue, part]) => queue.addBulk(part)));
    return added.flat();
  }

  /** Waiting jobs over every shard: the backlog bound is the deployment's, not a shard's. */
  async getWaitingCount(): Promise<number> {
    const counts = await Promise.all(this.queues.map((q) => q.getWaitingCount()));
    return counts.reduce((a, b) => a + b, 0);
  }

  on(event: 'error', listener: (err: Error) => void): void {
    for (const q of this.queues) q.on(event, listener);
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.waitUntilReady()));
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}
