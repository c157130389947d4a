import type { Cluster } from 'ioredis';
import type { Env } from '../../shared/config.js';
import type { RedisClient } from '../../shared/queue/redisClient.js';

/** Set by test/cluster/run.ts (`npm run test:cluster`), which starts the cluster. */
export function clusterUrl(): string {
  const url = process.env.CUEPOINT_TEST_CLUSTER_URL;
  if (!url) throw new Error('no Redis Cluster: run these tests with `npm run test:cluster`');
  return url;
}

/** A deployment on the cluster: cluster clients and three ingest shards. */
export function clusterEnv(extra: Partial<Record<keyof Env, string>> = {}): Partial<Record<keyof Env, string>> {
  return { REDIS_URL: clusterUrl(), REDIS_CLUSTER: '1', QUEUE_SHARDS: '3', ...extra };
}

/** The `host:port` of the master serving a key's slot, asked of the cluster itself. */
export async function masterOf(redis: RedisClient, key: string): Promise<string> {
  const cluster = redis as Cluster;
  const slot = await cluster.cluster('KEYSLOT', key);
  const ranges = await cluster.cluster('SLOTS');
  // Each range lists its master first, then its replicas.
  const master = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2];
  if (!master) throw new Error(`no master serves slot ${slot}`);
  return `${master[0]}:${master[1]}`;
}
