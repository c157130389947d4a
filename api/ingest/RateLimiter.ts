import { createHash, createHmac, randomBytes } from 'node:crypto';
import { slotTag, type RedisClient } from '../../shared/queue/redisClient.js';

/** The fixed window every counter counts in. */
export const RATE_WINDOW_MS = 1000;
/** Seconds a refused client should wait: at most one window. */
export const RATE_RETRY_AFTER_SECONDS = 1;

/**
 * What one ingest request is counted against at one checkpoint: its client IP on arrival, its
 * key once known. Held in memory only until its tick is flushed.
 */
export type RateSubject =
  | { kind: 'ip'; ip: string }
  /** `field` is where the key came from (`x-cuepoint-key`, `authorization`, `key`), named in the 429. */
  | { kind: 'key'; key: string; field: string };

/** The request is over a limit: it goes no further, and nothing is enqueued for it. The controller answers 429. */
export class RateLimitedError extends Error {
  constructor(
    readonly limit: 'key' | 'ip',
    readonly field: string,
  ) {
    super(limit === 'key' ? 'too many requests for this key; retry later' : 'too many requests from this address; retry later');
    this.name = 'RateLimitedError';
  }
}

/** What IngestLimits asks once per flushed batch. */
export interface RateCheck {
  /** One verdict per subject, in order: undefined when allowed (and counted), else the refusal. */
  check(subjects: readonly RateSubject[]): Promise<(RateLimitedError | undefined)[]>;
}

export interface RateLimiterOptions {
  /** `QUEUE_PREFIX`; counters live under `<prefix>:ratelimit:`. */
  prefix: string;
  /** Requests per window per key (write or server); 0 disables. */
  perKey: number;
  /** Requests per window per client IP; 0 disables. */
  perIp: number;
  /** HMAC secret for the IP part of the key; undefined: a random one for this process. */
  secret: string | undefined;
}

/**
 * Checks a whole batch of requests in one round trip. KEYS are the counters, grouped per
 * request; ARGV[1] is the window in ms, then per request: its number of counters n, followed
 * by the n limits. A request is allowed when every one of its counters is below its limit;
 * only then are its counters incremented (a new counter expires one window after its first
 * increment). Returns per request 0 (allowed) or the 1-based position of the first counter
 * that refused it. Atomic, so requests of every web process share the counters exactly.
 */
const CHECK_SCRIPT = `
local window = tonumber(ARGV[1])
local verdicts = {}
local k = 1
local a = 2
while a <= #ARGV do
  local n = tonumber(ARGV[a])
  a = a + 1
  local refused = 0
  for i = 0, n - 1 do
    local count = tonumber(redis.call('GET', KEYS[k + i]) or '0')
    if count >= tonumber(ARGV[a + i]) then
      refused = i + 1
      break
    end
  end
  if refused == 0 then
    for i = 0, n - 1 do
      if redis.call('INCR', KEYS[k + i]) == 1 then redis.call('PEXPIRE', KEYS[k + i], window) end
    end
  end
  verdicts[#verdicts + 1] = refused
  k = k + n
  a = a + n
end
return verdicts
`;

const COMMAND = 'cuepointRateCheck';

type CheckCommand = Record<typeof COMMAND, (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<number[]>>;

interface Counter {
  redisKey: string;
  limit: number;
  kind: 'key' | 'ip';
  /** Named in the 429. */
  field: string;
}

/**
 * Fixed-window request counters in Redis, per key and per client IP. The key appears in Redis
 * only as a SHA-256, the IP only as an HMAC-SHA256 with the server secret.
 */
export class RateLimiter implements RateCheck {
  private readonly secret: string | Buffer;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RateLimiterOptions,
  ) {
    this.secret = options.secret ?? randomBytes(32);
    // ioredis runs it with EVALSHA and falls back to EVAL once per connection.
    redis.defineCommand(COMMAND, { lua: CHECK_SCRIPT });
  }

  get enabled(): boolean {
    return this.options.perKey > 0 || this.options.perIp > 0;
  }

  /**
   * The Redis key of an ingest key's counter. One script checks the counters of a whole batch of
   * requests, so on a cluster they all carry one hash tag (and sit on one master).
   */
  keyCounter(key: string): string {
    return `${this.options.prefix}:${slotTag(this.redis, 'ratelimit')}:key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  }

  /** The Redis key of an IP's counter: HMAC, so Redis never holds the address. */
  ipCounter(ip: string): string {
    return `${this.options.prefix}:${slotTag(this.redis, 'ratelimit')}:ip:${createHmac('sha256', this.secret).update(ip).digest('hex').slice(0, 32)}`;
  }

  async check(subjects: readonly RateSubject[]): Promise<(RateLimitedError | undefined)[]> {
    const perRequest = subjects.map((s) => this.counters(s));
    if (perRequest.every((c) => c.length === 0)) return subjects.map(() => undefined);
    const keys: string[] = [];
    const args: number[] = [RATE_WINDOW_MS];
    for (const counters of perRequest) {
      args.push(counters.length);
      for (const c of counters) {
        keys.push(c.redisKey);
        args.push(c.limit);
      }
    }
    const verdicts = await (this.redis as unknown as CheckCommand)[COMMAND](keys.length, ...keys, ...args);
    return perRequest.map((counters, i) => {
      const refusedBy = counters[(verdicts[i] ?? 0) - 1];
      if (refusedBy === undefined) return undefined;
      return new RateLimitedError(refusedBy.kind, refusedBy.field);
    });
  }

  private counters(s: RateSubject): Counter[] {
    if (s.kind === 'key') {
      return this.options.perKey > 0 ? [{ redisKey: this.keyCounter(s.key), limit: this.options.perKey, kind: 'key', field: s.field }] : [];
    }
    return this.options.perIp > 0 && s.ip !== '' ? [{ redisKey: this.ipCounter(s.ip), limit: this.options.perIp, kind: 'ip', field: 'ip' }] : [];
  }
}
