import { QueueKeys, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Logger } from '../shared/logger.js';
import type { RedisClient } from '../shared/queue/redisClient.js';
import { formerIngestNames, ingestShardNames, type ShardLayout } from '../shared/queue/shards.js';

/** The lists a queue holds unfinished jobs in; a queue with none of them has nothing to drain. */
const UNFINISHED_LISTS = ['wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const;

export interface IngestWorkersOptions {
  connection: RedisClient;
  prefix: string;
  layout: ShardLayout;
  /** WORKER_CONCURRENCY: the process's total, split over the shards. */
  concurrency: number;
  process: (job: Job) => Promise<void>;
  options: Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency'>;
  log: Logger;
}

/**
 * Jobs a process may hold at once per shard: the total split evenly, rounded up so that each
 * shard keeps at least one (and a busy shard is not starved by quiet ones).
 */
export function perShardConcurrency(total: number, shards: number): number {
  return Math.max(1, Math.ceil(total / shards));
}

/**
 * Ingest queues that are no longer shards but still hold jobs: queued before QUEUE_SHARDS
 * changed (the historic `ingest` among them). One EXISTS per queue; its keys share a slot.
 */
export async function formerQueuesWithJobs(redis: RedisClient, prefix: string, layout: ShardLayout): Promise<string[]> {
  const keys = new QueueKeys(prefix);
  const names = formerIngestNames(layout.shards, layout.cluster);
  const found = await Promise.all(names.map((name) => redis.exists(...UNFINISHED_LISTS.map((list) => keys.toKey(name, list)))));
  return names.filter((_, i) => (found[i] ?? 0) > 0);
}

/**
 * One BullMQ worker per shard (every worker process consumes every shard), plus one for each
 * former ingest queue that still held jobs at start, so a change of QUEUE_SHARDS loses no event.
 * Such a queue is drained until the process stops; the next start no longer sees it.
 */
export async function startIngestWorkers(o: IngestWorkersOptions): Promise<{ shards: Worker<unknown, void>[]; former: Worker<unknown, void>[] }> {
  const concurrency = perShardConcurrency(o.concurrency, o.layout.shards);
  const start = (name: string) =>
    new Worker<unknown, void>(name, o.process, { ...o.options, connection: o.connection, prefix: o.prefix, concurrency });
  // Looked up before any worker starts, so a failed look leaves nothing running.
  const formerNames = await formerQueuesWithJobs(o.connection, o.prefix, o.layout);
  if (formerNames.length > 0) o.log.warn({ queues: formerNames }, 'draining ingest queues left from another QUEUE_SHARDS');
  return { shards: ingestShardNames(o.layout.shards, o.layout.cluster).map(start), former: formerNames.map(start) };
}
