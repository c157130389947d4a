import { createHash, createHmac, randomBytes } from 'node:crypto';
import { slotTag, type RedisClient } from '../../shared/queue/redisClient.js';
import { HttpError } from '../http/errors.js';

/** The fixed window the sign-in limits count in. */
export const LOGIN_WINDOW_MS = 15 * 60_000;

export interface LoginLimiterOptions {
  /** `QUEUE_PREFIX`; counters live under `<prefix>:login:`. */
  prefix: string;
  perAccount: number;
  perIp: number;
  /** HMAC secret for the IP part of the key (RATE_LIMIT_SECRET); undefined: random for this process. */
  secret: string | undefined;
}

/**
 * Counts the attempt on both counters, then answers each counter's count and remaining time.
 * A counter expires one window after its first attempt. Atomic, so every web process shares them.
 */
const COUNT_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = redis.call('PTTL', KEYS[i])
end
return out
`;

/**
 * Sign-in attempts per account (a hash of the e-mail) and per client IP (an HMAC of it: RedisClient
 * never holds the address), in fixed windows. A successful sign-in clears its account's counter,
 * so only guessing exhausts it.
 */
export class LoginLimiter {
  private readonly secret: string | Buffer;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: LoginLimiterOptions,
  ) {
    this.secret = options.secret ?? randomBytes(32);
  }

  /** One script counts both counters of an attempt: on a cluster they share a hash tag. */
  accountCounter(email: string): string {
    return `${this.options.prefix}:${slotTag(this.redis, 'login')}:account:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  }

  ipCounter(ip: string): string {
    return `${this.options.prefix}:${slotTag(this.redis, 'login')}:ip:${createHmac('sha256', this.secret).update(ip).digest('hex').slice(0, 32)}`;
  }

  /** Counts one attempt; throws 429 with Retry-After when either counter is past its limit. */
  async attempt(email: string, ip: string): Promise<void> {
    const keys = [this.accountCounter(email), this.ipCounter(ip)];
    const limits = [this.options.perAccount, this.options.perIp];
    const out = (await this.redis.eval(COUNT_SCRIPT, keys.length, ...keys, LOGIN_WINDOW_MS)) as number[];
    let waitMs = 0;
    for (let i = 0; i < keys.length; i += 1) {
      const count = out[2 * i] ?? 0;
      const ttl = out[2 * i + 1] ?? LOGIN_WINDOW_MS;
      if (count > (limits[i] ?? 0)) waitMs = Math.max(waitMs, ttl > 0 ? ttl : LOGIN_WINDOW_MS);
    }
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new HttpError(429, 'too_many_attempts', `too many sign-in attempts; retry in ${seconds} s`, {
        field: 'email',
        headers: { 'Retry-After': String(seconds) },
      });
    }
  }

  /** After a successful sign-in: the account's own failures are forgiven, the IP's are not. */
  async succeeded(email: string): Promise<void> {
    await this.redis.del(this.accountCounter(email));
  }
}
