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
  const each = await Promise.all((await masters(redis)).map(async (node) => redisPersistence(parseInfo(await node.info()))));
  const maxmemoryPolicy = each.find((p) => p.evicts)?.maxmemoryPolicy ?? each[0]?.maxmemoryPolicy;
  const aof = each.every((p) => p.aof);
  const evicts = each.some((p) => p.evicts);
  const warnings: string[] = [];
  if (evicts) {
    warnings.push(`Redis maxmemory-policy is ${maxmemoryPolicy}; queued events can be evicted. Set it to noeviction.`);
  }
  if (!aof) warnings.push('Redis has no append-only file; a Redis restart loses queued events. Enable appendonly.');
  for (const w of warnings) log.warn(w);
  return { maxmemoryPolicy, aof, warnings };
}

/** What INFO says about keeping queued events: the eviction policy (when reported) and the AOF. */
export function redisPersistence(info: Map<string, string>): { maxmemoryPolicy: string | undefined; aof: boolean; evicts: boolean } {
  const maxmemoryPolicy = info.get('maxmemory_policy');
  return { maxmemoryPolicy, aof: info.get('aof_enabled') === '1', evicts: maxmemoryPolicy !== undefined && maxmemoryPolicy !== 'noeviction' };
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
