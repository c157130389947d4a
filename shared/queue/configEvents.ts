import type { RedisClient } from './redisClient.js';

/** Pub/sub channel telling every web process to reload project config (keys, origins, allowlists). */
export function configChannel(prefix: string): string {
  return `${prefix}:config-changed`;
}

export async function publishConfigChanged(redis: RedisClient, prefix: string): Promise<void> {
  await redis.publish(configChannel(prefix), String(Date.now()));
}
