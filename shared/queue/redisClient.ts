import { once } from 'node:events';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A single Redis or a Redis Cluster: BullMQ and every Redis user here take either. */
export type RedisClient = Redis | Cluster;

/**
 * A key part that keeps several keys on one slot of a cluster: `{name}` there (Redis hashes
 * only what is inside the first braces), `name` unchanged on a single Redis, so an upgrade
 * finds its keys where they were.
 */
export function slotTag(redis: Pick<RedisClient, 'isCluster'>, name: string): string {
  return redis.isCluster ? `{${name}}` : name;
}

/**
 * A cluster client seeded by one node's URL (the client asks it for the others). Per-node
 * options (timeouts, retries, TLS, credentials) go to every node it connects to; the offline
 * queue and the retry strategy are the cluster's own.
 */
export function createClusterClient(url: string, options: RedisOptions): Cluster {
  const seed = new URL(url);
  const { enableOfflineQueue, retryStrategy, ...perNode } = options;
  const redisOptions: RedisOptions = {
    ...perNode,
    ...(seed.username ? { username: decodeURIComponent(seed.username) } : {}),
    ...(seed.password ? { password: decodeURIComponent(seed.password) } : {}),
  };
  const clusterOptions: ClusterOptions = {
    redisOptions,
    enableOfflineQueue: enableOfflineQueue ?? true,
    clusterRetryStrategy: retryStrategy ?? ((times) => Math.min(times * 200, 2000)),
    // Hosted clusters behind TLS announce addresses their certificates do not name.
    ...(options.tls ? { dnsLookup: (address: string, callback: (err: Error | null, address: string) => void) => callback(null, address) } : {}),
  };
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], clusterOptions);
}

/**
 * Every master of a cluster, or the one server: for commands that answer for one node only
 * (INFO, SCAN). A cluster knows its masters once it is ready, so this waits for that.
 */
export async function masters(redis: RedisClient): Promise<Redis[]> {
  if (!redis.isCluster) return [redis as Redis];
  const cluster = redis as Cluster;
  if (cluster.status !== 'ready') await once(cluster, 'ready');
  return cluster.nodes('master');
}
