import type { RedisClient } from '../../shared/queue/redisClient.js';
import type { Logger } from '../../shared/logger.js';
import { expiresAtSeconds, minuteKey, minuteKeys, minuteOf, WINDOW_MINUTES } from '../../shared/realtime/keys.js';
import { withTimeout } from '../../shared/resources.js';
import { MemoryGate } from './memoryGate.js';
import { planRealtime, type ProjectGain, type RealtimeRow } from './plan.js';
import { SEEN_KINDS, WRITE_SCRIPT } from './writeScript.js';

/** Distinct pages (or videos) one minute keeps apart; the rest count under `(other)`. */
export const NAMES_PER_MINUTE = 500;
/**
 * How long a batch waits for its realtime write. Redis answers in well under a millisecond; one
 * that hangs must not hold up the events behind it, which are already safe in PostgreSQL. The
 * connection keeps no offline queue (shared/queue/connection.ts), so a Redis that is down fails
 * at once and this bounds only one that is up but slow.
 */
export const REALTIME_WRITE_TIMEOUT_MS = 250;
/**
 * Minutes after the current one whose ids a write also checks: another worker whose clock runs a
 * little ahead may have counted an id there.
 */
const SEEN_AHEAD_MINUTES = 1;

const COMMAND = 'cuepointRealtimeWrite';
// Arrays are flattened by ioredis: a batch's thousands of arguments are never spread into a call.
type WriteCommand = Record<typeof COMMAND, (numKeys: number, keys: string[], args: (string | number | Buffer)[]) => Promise<unknown>>;

export interface RealtimeRecorderOptions {
  /** `QUEUE_PREFIX`. */
  prefix: string;
  /** Most members of one minute's set (REALTIME_MAX_MEMBERS_PER_MINUTE). */
  maxMembersPerMinute: number;
  /** REALTIME_REDIS_MEMORY_SHARE; 1 when absent. */
  memoryShare?: number;
  /** Tests lower it; NAMES_PER_MINUTE otherwise. */
  namesPerMinute?: number;
  log: Logger;
  /** Tests pin the clock. */
  now?: () => number;
}

/**
 * Keeps the live figures of GET /v1/stats/realtime: after a batch has committed, one script call
 * per project of the batch, all sent at once, so one round trip per batch. It never fails the batch: an
 * error is logged and the live figures miss that batch, which is stored all the same. While Redis
 * is past its realtime share of memory it writes nothing (worker/realtime/memoryGate.ts).
 */
export class RealtimeRecorder {
  private defined = false;
  private readonly gate: MemoryGate;
  private readonly now: () => number;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RealtimeRecorderOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.gate = new MemoryGate(redis, { prefix: options.prefix, share: options.memoryShare ?? 1, log: options.log, now: this.now });
  }

  /**
   * Makes the first memory check before any batch: a batch gives it REALTIME_WRITE_TIMEOUT_MS,
   * and on a cluster the first check also connects to every master, which can take longer, so
   * the first batches' figures would be dropped.
   */
  async warmUp(): Promise<void> {
    await this.gate.open();
  }

  /** Never rejects: the caller's batch is committed whatever happens here. */
  async record(rows: Iterable<RealtimeRow>): Promise<void> {
    try {
      await this.write(rows);
    } catch (err) {
      this.options.log.warn({ err }, 'realtime figures not written for a batch (its events are stored)');
    }
  }

  private async write(rows: Iterable<RealtimeRow>): Promise<void> {
    const now = this.now();
    const gains = planRealtime(rows, now);
    if (gains.length === 0) return;
    if (!(await withTimeout(this.gate.open(), REALTIME_WRITE_TIMEOUT_MS, 'realtime memory check timed out'))) return;
    if (!this.defined) {
      // ioredis runs it with EVALSHA and falls back to EVAL once per connection.
      this.redis.defineCommand(COMMAND, { lua: WRITE_SCRIPT });
      this.defined = true;
    }
    // Issued back to back without waiting: one round trip for the batch, as a pipeline would be,
    // and each call goes to its own project's slot once Redis is a cluster.
    const results = await Promise.allSettled(
      gains.map((gain) => {
        const { keys, args } = this.call(gain, now);
        return withTimeout(Promise.resolve((this.redis as unknown as WriteCommand)[COMMAND](keys.length, keys, args)), REALTIME_WRITE_TIMEOUT_MS, 'realtime write timed out');
      }),
    );
    let dropped = 0;
    const failed: unknown[] = [];
    for (const result of results) {
      if (result.status === 'fulfilled') dropped += Number(result.value);
      else failed.push(result.reason);
    }
    // One line per batch, however many of its projects failed: Redis down means every batch fails.
    if (failed.length > 0) this.options.log.warn({ err: failed[0], projects: failed.length }, 'realtime figures not written for a batch (its events are stored)');
    if (dropped > 0) this.options.log.debug({ dropped }, 'realtime minute full; members left out');
  }

  private call(gain: ProjectGain, now: number): { keys: string[]; args: (string | number | Buffer)[] } {
    const { prefix } = this.options;
    const keys: string[] = [];
    // Every minute a reader may sum with the ones written: plan.ts writes none outside it.
    const first = minuteOf(now) - WINDOW_MINUTES + 1;
    const seenMinutes = WINDOW_MINUTES + SEEN_AHEAD_MINUTES;
    const args: (string | number | Buffer)[] = [this.options.maxMembersPerMinute, this.options.namesPerMinute ?? NAMES_PER_MINUTE, seenMinutes];
    for (const m of gain.minutes) {
      for (const key of minuteKeys(prefix, gain.projectId, m.minute)) keys.push(key);
      args.push(expiresAtSeconds(m.minute), m.visitors.length, m.sessions.length, m.pageviews.length, m.opens.length, m.plays.length);
      for (const part of [m.visitors, m.sessions, m.pageviews.flat(), m.opens, m.plays.flat()]) for (const arg of part) args.push(arg);
    }
    for (let minute = first; minute < first + seenMinutes; minute++) for (const kind of SEEN_KINDS) keys.push(minuteKey(prefix, gain.projectId, kind, minute));
    return { keys, args };
  }
}
