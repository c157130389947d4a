import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import { createClusterClient, type RedisClient } from './redisClient.js';

export type RedisRole = 'producer' | 'worker' | 'plain' | 'realtime';

export type RedisConfig = {
  redis: Pick<Config['redis'], 'url' | 'tlsRejectUnauthorized' | 'prefix'>;
  /** Absent: a single Redis. */
  scale?: Pick<Config['scale'], 'redisCluster'>;
};

/**
 * Connection options per role, as BullMQ's production guide asks: workers block and must
 * retry forever (`maxRetriesPerRequest: null`); producers fail fast (`enableOfflineQueue: false`)
 * so the API can answer 503 instead of buffering in memory. The worker's realtime writes fail fast
 * too: they are optional, and a batch must not wait for a Redis that is down. With REDIS_CLUSTER
 * the same options hold for every node of the cluster.
 */
export function createRedis(config: RedisConfig, role: RedisRole): RedisClient {
  const url = config.redis.url;
  if (!url) throw new Error('REDIS_URL is not resolved; call resolveServices() first');
  const options: RedisOptions = {
    connectionName: `cuepoint-${role}`,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role !== 'producer' && role !== 'realtime',
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  if (url.startsWith('rediss://')) options.tls = { rejectUnauthorized: config.redis.tlsRejectUnauthorized };
  if (config.scale?.redisCluster) return createClusterClient(url, options);
  return new Redis(url, options);
}
