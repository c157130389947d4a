import type { RedisClient } from '../../shared/queue/redisClient.js';
import { parseInfo, redisPersistence } from '../../shared/queue/redisSafety.js';
import { lastClockTick } from '../../shared/telemetry/clockTick.js';
import { masters } from '../../shared/queue/redisClient.js';
import { age, fail, ok, warn, worst, type Verdict } from './verdict.js';

/**
 * Queued events live only in Redis until a worker stores them: an eviction policy other than
 * noeviction drops them under memory pressure, and without the append-only file a restart
 * does. Read from INFO, since hosted Redis often refuses CONFIG.
 */
export function judgeRedisPersistence(info: Map<string, string>): Verdict {
  const { maxmemoryPolicy: policy, aof, evicts } = redisPersistence(info);
  const found = `maxmemory-policy ${policy ?? 'not reported'}, AOF ${aof ? 'on' : 'off'}`;
  const advice: string[] = [];
  if (evicts) advice.push('set maxmemory-policy to noeviction (queued events can be evicted under memory pressure)');
  if (!aof) advice.push('turn AOF on (appendonly yes, appendfsync everysec; on hosted Redis pick a plan with persistence): a Redis restart loses every queued event');
  if (policy === undefined) advice.push('make sure the eviction policy is noeviction (this Redis does not report it in INFO)');
  const status = worst([evicts ? 'fail' : 'ok', aof ? 'ok' : 'fail', policy === undefined ? 'warn' : 'ok']);
  return status === 'ok' ? ok(found) : { status, found, advice: advice.join('; ') };
}

/** On a cluster every master holds queued jobs, so each is judged and the worst one answers. */
export async function checkRedisPersistence(redis: RedisClient): Promise<Verdict> {
  const verdicts = await Promise.all((await masters(redis)).map(async (node) => judgeRedisPersistence(parseInfo(await node.info()))));
  const rank = { ok: 0, warn: 1, fail: 2 } as const;
  return verdicts.reduce((a, b) => (rank[b.status] > rank[a.status] ? b : a));
}

/** The clock ticks every minute; a few missed minutes mean it is stopped or stuck. */
export const CLOCK_WARN_SECONDS = 150;
export const CLOCK_FAIL_SECONDS = 600;

export function judgeClockTick(lastTick: number | undefined, now: number): Verdict {
  const advice = 'run one clock process (Procfile role `clock`; `npm start` runs one): without it rollups, partitions and retention stop';
  if (lastTick === undefined) return warn('no tick recorded', `${advice}; a clock that started writes its tick at once`);
  const seconds = Math.max(0, (now - lastTick) / 1000);
  const found = `last tick ${age(seconds)} ago (${new Date(lastTick).toISOString()})`;
  if (seconds >= CLOCK_FAIL_SECONDS) return fail(found, `the clock has stopped: ${advice}`);
  if (seconds >= CLOCK_WARN_SECONDS) return warn(found, `the clock ticks every minute; check its logs: ${advice}`);
  return ok(found);
}

export async function checkClock(redis: RedisClient, prefix: string, now: number): Promise<Verdict> {
  return judgeClockTick(await lastClockTick(redis, prefix), now);
}
