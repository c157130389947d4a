import { masters, type RedisClient } from '../../shared/queue/redisClient.js';
import type { Logger } from '../../shared/logger.js';
import { PAUSE_MARK_MS, pausedKey } from '../../shared/realtime/keys.js';

/** INFO memory is asked at most this often; batches in between reuse the last verdict. */
export const MEMORY_CHECK_EVERY_MS = 5000;

export interface MemoryGateOptions {
  prefix: string;
  /** REALTIME_REDIS_MEMORY_SHARE: the part of maxmemory past which realtime writes stop. */
  share: number;
  log: Logger;
  now: () => number;
}

/**
 * Keeps the live figures from filling the Redis the queue lives in. That Redis runs noeviction:
 * full, it refuses the API's enqueues (503, events lost), so figures that are nice to have must
 * give way long before. While used_memory is past `share` of maxmemory, the gate is shut and
 * leaves a mark the reader turns into `paused: true` (and `capped: true`). Without a maxmemory
 * there is no bound to keep under, and the gate stays open.
 */
export class MemoryGate {
  private checkedAt: number | undefined;
  private shut = false;
  private checking: Promise<boolean> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: MemoryGateOptions,
  ) {}

  /** True when realtime writes may go ahead. Rejects when Redis cannot be asked. */
  open(): Promise<boolean> {
    const now = this.options.now();
    if (this.checkedAt !== undefined && now - this.checkedAt < MEMORY_CHECK_EVERY_MS) return Promise.resolve(!this.shut);
    // Concurrent batches share one INFO.
    this.checking ??= this.check(now).finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(now: number): Promise<boolean> {
    // On a cluster each master holds some projects' figures beside its queue keys: the fullest
    // master decides for all, since which project lands where is not this gate's to know.
    const infos = await Promise.all((await masters(this.redis)).map((node) => node.info('memory')));
    this.checkedAt = now;
    const fullest = infos
      .map((info) => ({ used: field(info, 'used_memory'), max: field(info, 'maxmemory') }))
      .reduce((a, b) => (share(b) > share(a) ? b : a));
    const { used, max } = fullest;
    const over = max > 0 && used > this.options.share * max;
    if (over) {
      // Once per pause, not per batch: a pause lasts as long as the queue stays long.
      if (!this.shut) this.options.log.warn({ usedMemory: used, maxmemory: max, share: this.options.share }, 'realtime figures paused: Redis memory past the realtime share (events are still stored)');
      this.shut = true;
      // Refreshed at every check while shut, so it lapses one PAUSE_FRESH_MS after the last.
      await this.redis.set(pausedKey(this.options.prefix), '1', 'PX', PAUSE_MARK_MS).catch((err: unknown) => this.options.log.debug({ err }, 'realtime pause mark not set'));
    } else if (this.shut) {
      this.shut = false;
      this.options.log.info({ usedMemory: used, maxmemory: max }, 'realtime figures resumed');
    }
    return !over;
  }
}

/** How full a node is; without maxmemory it can never be too full. */
function share({ used, max }: { used: number; max: number }): number {
  return max > 0 ? used / max : 0;
}

function field(info: string, name: string): number {
  const match = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  return match ? Number(match[1]) : 0;
}
