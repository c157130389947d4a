import { Queue } from 'bullmq';
import type { RedisClient } from '../queue/redisClient.js';
import { INGEST_QUEUE } from '../queue/contract.js';
import { JOURNEY_QUEUE } from '../queue/journeyJob.js';
import { MAINTENANCE_QUEUE } from '../queue/maintenanceJob.js';
import { ROLLUP_QUEUE } from '../queue/rollupJob.js';
import { ingestShardNames, queueName } from '../queue/shards.js';

/** Every queue a Cuepoint process consumes. */
export const QUEUE_NAMES = [INGEST_QUEUE, ROLLUP_QUEUE, MAINTENANCE_QUEUE, JOURNEY_QUEUE] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueDepth {
  queue: QueueName;
  counts: Record<QueueState, number>;
  /** Seconds since the oldest waiting job was added; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/**
 * Job counts of every queue, read on one shared connection. A few commands per queue whatever
 * the backlog: counts are LLEN/ZCARD, and the oldest waiting job is one list index plus one
 * hash field (never the job's data, which for ingest is up to a request's body).
 */
export class QueueDepths {
  /** Per queue of QUEUE_NAMES, its BullMQ queues: the ingest shards, or the one queue. */
  private queues: Queue[][] | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** QUEUE_SHARDS; the shards of ingest are reported as one queue, their counts summed. */
    private readonly shards = 1,
  ) {}

  async read(now = Date.now()): Promise<QueueDepth[]> {
    const cluster = this.redis.isCluster;
    const open = (name: string) => new Queue(name, { connection: this.redis, prefix: this.prefix });
    this.queues ??= QUEUE_NAMES.map((name) => (name === INGEST_QUEUE ? ingestShardNames(this.shards, cluster) : [queueName(name, cluster)]).map(open));
    return Promise.all(QUEUE_NAMES.map(async (name, i) => summed(name, await Promise.all((this.queues?.[i] ?? []).map((q) => this.depthOf(q, now))))));
  }

  /** The queues only: the connection is the caller's (BullMQ leaves a shared one open). */
  async close(): Promise<void> {
    await Promise.all((this.queues ?? []).flat().map((q) => q.close()));
    this.queues = undefined;
  }

  private async depthOf(queue: Queue, now: number): Promise<Omit<QueueDepth, 'queue'>> {
    const [counts, oldest] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.getRanges(['wait'], 0, 0, true)]);
    const id = oldest[0];
    const added = id === undefined ? null : await this.redis.hget(queue.toKey(id), 'timestamp');
    const addedAt = added === null ? NaN : Number(added);
    return {
      counts: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 },
      oldestWaitingSeconds: Number.isFinite(addedAt) ? Math.max(0, (now - addedAt) / 1000) : 0,
    };
  }
}

/** Shards add up; the oldest waiting job is the oldest of any shard. */
function summed(queue: QueueName, parts: Omit<QueueDepth, 'queue'>[]): QueueDepth {
  const counts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
  let oldestWaitingSeconds = 0;
  for (const p of parts) {
    for (const state of QUEUE_STATES) counts[state] += p.counts[state];
    oldestWaitingSeconds = Math.max(oldestWaitingSeconds, p.oldestWaitingSeconds);
  }
  return { queue, counts, oldestWaitingSeconds };
}
