import type { RedisClient } from '../queue/redisClient.js';

/**
 * The clock's heartbeat: each tick writes the time it ran, so `cuepoint doctor` (and anyone
 * with Redis) can tell a dead clock from one with nothing to do. A clock that stopped leaves
 * no error anywhere else: figures just stop moving.
 */
export function clockTickKey(prefix: string): string {
  return `${prefix}:telemetry:clock-tick`;
}

export async function recordClockTick(redis: RedisClient, prefix: string, at = Date.now()): Promise<void> {
  await redis.set(clockTickKey(prefix), String(at));
}

/** Epoch ms of the last tick any clock recorded; undefined when none ever did. */
export async function lastClockTick(redis: RedisClient, prefix: string): Promise<number | undefined> {
  const value = await redis.get(clockTickKey(prefix));
  const at = value === null ? NaN : Number(value);
  return Number.isFinite(at) ? at : undefined;
}
