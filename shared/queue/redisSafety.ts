import type { RedisClient } from './redisClient.js';
import { masters } from './redisClient.js';
import type { Logger } from '../logger.js';

export interface RedisSafety {
  maxmemoryPolicy: string | undefined;
  aof: boolean;
  warnings: string[];
}

/**
 * Reads INFO (CONFIG is disabled on hosted Redis) and warns when Redis could drop queued
 * events: an eviction policy other than noeviction, or no append-only file.
 */
export async function checkRedisSafety(redis: RedisClient, log: Logger): Promise<RedisSafety> {
  // On a cluster every master holds queued jobs: the least safe one speaks for all.
  const infos = await Promise.all((await masters(redis)).map(async (node) => parseInfo(await node.info())));
  const maxmemoryPolicy = infos.map((info) => info.get('maxmemory_policy')).find((p) => p !== 'noeviction') ?? infos[0]?.get('maxmemory_policy');
  const aof = infos.every((info) => info.get('aof_enabled') === '1');
  const warnings: string[] = [];
  if (maxmemoryPolicy !== undefined && maxmemoryPolicy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is ${maxmemoryPolicy}; queued events can be evicted. Set it to noeviction.`);
  }
  if (!aof) warnings.push('Redis has no append-only file; a Redis restart loses queued events. Enable appendonly.');
  for (const w of warnings) log.warn(w);
  return { maxmemoryPolicy, aof, warnings };
}

/** `INFO` as name → value; section headers and blank lines dropped. */
export function parseInfo(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) map.set(line.slice(0, i), line.slice(i + 1));
  }
  return map;
}
