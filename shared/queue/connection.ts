import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';

export type RedisRole = 'producer' | 'worker' | 'plain' | 'realtime';

/**
 * Connection options per role, as BullMQ's production guide asks: workers block and must
 * retry forever (`maxRetriesPerRequest: null`); producers fail fast (`enableOfflineQueue: false`)
 * so the API can answer 503 instead of buffering in memory. The worker's realtime writes fail fast
 * too: they are optional, and a batch must not wait for a Redis that is down.
 */
export function createRedis(config: { redis: Pick<Config['redis'], 'url' | 'tlsRejectUnauthorized' | 'prefix'> }, role: RedisRole): Redis {
  const url = config.redis.url;
  if (!url) throw new Error('REDIS_URL is not resolved; call resolveServices() first');
  const options: RedisOptions = {
    connectionName: `cuepoint-${role}`,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role !== 'producer' && role !== 'realtime',
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  if (url.startsWith('rediss://')) options.tls = { rejectUnauthorized: config.redis.tlsRejectUnauthorized };
  return new Redis(url, options);
}
