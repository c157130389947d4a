import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { INGEST_QUEUE } from '../queue/contract.js';
import { JOURNEY_QUEUE } from '../queue/journeyJob.js';
import { MAINTENANCE_QUEUE } from '../queue/maintenanceJob.js';
import { ROLLUP_QUEUE } from '../queue/rollupJob.js';

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
  private queues: Queue[] | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async read(now = Date.now()): Promise<QueueDepth[]> {
    this.queues ??= QUEUE_NAMES.map((name) => new Queue(name, { connection: this.redis, prefix: this.prefix }));
    return Promise.all(this.queues.map((queue) => this.depthOf(queue, now)));
  }

  /** The queues only: the connection is the caller's (BullMQ leaves a shared one open). */
  async close(): Promise<void> {
    await Promise.all((this.queues ?? []).map((q) => q.close()));
    this.queues = undefined;
  }

  private async depthOf(queue: Queue, now: number): Promise<QueueDepth> {
    const [counts, oldest] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.getRanges(['wait'], 0, 0, true)]);
    const id = oldest[0];
    const added = id === undefined ? null : await this.redis.hget(queue.toKey(id), 'timestamp');
    const addedAt = added === null ? NaN : Number(added);
    return {
      queue: queue.name as QueueName,
      counts: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 },
      oldestWaitingSeconds: Number.isFinite(addedAt) ? Math.max(0, (now - addedAt) / 1000) : 0,
    };
  }
}
