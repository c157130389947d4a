import { QueueKeys } from 'bullmq';
import type { RedisClient } from '../../shared/queue/redisClient.js';
import { INGEST_QUEUE } from '../../shared/queue/contract.js';

/**
 * Whether the ingest queue still holds a job numbered at or below `mark`: waiting, running,
 * delayed (a retry), prioritized or paused. Completed ingest jobs are removed at once and
 * failed ones have become dead letters, so a job absent from these has committed its events or
 * never will. Job ids come from BullMQ's counter, so "at or below" is "added before".
 *
 * Each look is one MULTI, a snapshot: a job moving between lists (waiting → active → delayed →
 * waiting) cannot slip between two reads. The first look reads the oldest waiting job and the
 * small lists only; the waiting list, which can be long during a backlog, is read whole only
 * when that look finds nothing. `queue` is the shard of the journey's project (its keys share
 * one slot on a cluster, so the MULTI may touch them all).
 */
export async function hasIngestJobsAtOrBelow(redis: RedisClient, prefix: string, mark: number, queue: string = INGEST_QUEUE): Promise<boolean> {
  const queueKeys = new QueueKeys(prefix);
  const key = (list: string) => queueKeys.toKey(queue, list);
  const small = (m: ReturnType<RedisClient['multi']>) =>
    m.lrange(key('active'), 0, -1).zrange(key('delayed'), '0', '-1').zrange(key('prioritized'), '0', '-1').lrange(key('paused'), 0, -1);
  const quick = await small(redis.multi().lrange(key('wait'), -1, -1)).exec();
  if (anyAtOrBelow(quick, mark)) return true;
  const whole = await small(redis.multi().lrange(key('wait'), 0, -1)).exec();
  return anyAtOrBelow(whole, mark);
}

type MultiResult = [error: Error | null, result: unknown][] | null;

function anyAtOrBelow(results: MultiResult, mark: number): boolean {
  if (results === null) throw new Error('the Redis transaction was aborted');
  for (const [error, ids] of results) {
    if (error) throw error;
    if (!Array.isArray(ids)) continue;
    for (const id of ids) if (isAtOrBelow(id, mark)) return true;
  }
  return false;
}

/** A job with a custom (non-numeric) id was not numbered by the counter, so it is not "before". */
function isAtOrBelow(id: unknown, mark: number): boolean {
  if (typeof id !== 'string' || !/^\d+$/.test(id)) return false;
  return Number(id) <= mark;
}
