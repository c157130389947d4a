import { createHash } from 'node:crypto';
import { INGEST_QUEUE } from './contract.js';

/**
 * The name of a BullMQ queue on this Redis. BullMQ's scripts touch several keys of a queue at
 * once (`<prefix>:<name>:wait`, `…:active`, …), which a cluster allows only within one slot:
 * there the name is a hash tag, `{rollup}`, so a queue's keys share a slot. A single Redis keeps
 * the plain name, and with it the keys of earlier releases.
 */
export function queueName(base: string, cluster: boolean): string {
  return cluster ? `{${base}}` : base;
}

/**
 * The ingest queues, one per shard. One shard on a single Redis is the historic `ingest`; more
 * are `ingest-0` … `ingest-<n-1>`, each (on a cluster) its own hash tag, so the slots, and with
 * them the masters, share the queue work.
 */
export function ingestShardNames(shards: number, cluster: boolean): string[] {
  if (shards === 1) return [queueName(INGEST_QUEUE, cluster)];
  return Array.from({ length: shards }, (_, i) => queueName(`${INGEST_QUEUE}-${i}`, cluster));
}

/**
 * The shard of a project: the first 32 bits of SHA-256 of its id, modulo the shard count. Stable
 * across processes and releases, so a project's jobs keep one queue (and one order) as long as
 * QUEUE_SHARDS does not change.
 */
export function shardOf(projectId: string, shards: number): number {
  if (shards === 1) return 0;
  return createHash('sha256').update(projectId.toLowerCase()).digest().readUInt32BE(0) % shards;
}

/** The ingest queue a project's jobs go to. */
export function ingestQueueFor(projectId: string, shards: number, cluster: boolean): string {
  return ingestShardNames(shards, cluster)[shardOf(projectId, shards)] as string;
}

/** Upper bound of QUEUE_SHARDS (the config refuses more): the names a leftover queue may have. */
export const MAX_QUEUE_SHARDS = 64;

/**
 * Ingest queues this deployment may have used before but does not use now (another QUEUE_SHARDS):
 * a worker drains those still holding jobs, so changing the shard count loses nothing.
 */
export function formerIngestNames(shards: number, cluster: boolean): string[] {
  const current = new Set(ingestShardNames(shards, cluster));
  const all = [queueName(INGEST_QUEUE, cluster), ...Array.from({ length: MAX_QUEUE_SHARDS }, (_, i) => queueName(`${INGEST_QUEUE}-${i}`, cluster))];
  return all.filter((name) => !current.has(name));
}

/** What a process needs to know to address ingest queues. */
export interface ShardLayout {
  shards: number;
  cluster: boolean;
}

export function shardLayout(config: { scale: { queueShards: number; redisCluster: boolean } }): ShardLayout {
  return { shards: config.scale.queueShards, cluster: config.scale.redisCluster };
}
