import type { RedisClient } from './queue/redisClient.js';
import type { Logger } from './logger.js';

/** Closes one thing; may be synchronous. */
type Closer = () => unknown;

/**
 * Everything a process role opened, closed in reverse order of opening: on a failed start-up
 * (so that a step failing half-way leaks no connection) and on shutdown (so that consumers
 * stop before the connections they use). Every role builds its start-up on one of these.
 */
export class Resources {
  private readonly closers: { name: string; close: Closer }[] = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly log: Logger) {}

  /** Registers how to close `resource` and returns it, so opening and registering are one line. */
  add<T>(name: string, resource: T, close: (resource: T) => unknown): T {
    this.closers.push({ name, close: () => close(resource) });
    return resource;
  }

  /** Registers a closer for something that is not a value (a task, a timer). */
  defer(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  /**
   * Closes everything, newest first; a closer that fails is logged and the rest still run.
   * Idempotent: a second call waits for the same closing.
   */
  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      for (const { name, close } of this.closers.reverse()) {
        try {
          await close();
        } catch (err) {
          this.log.warn({ err, resource: name }, 'closing failed');
        }
      }
    })();
    return this.closing;
  }

  /** Runs a start-up; if it throws, closes what it had opened and rethrows. */
  async start<T>(steps: () => Promise<T>): Promise<T> {
    try {
      return await steps();
    } catch (err) {
      await this.closeAll();
      throw err;
    }
  }
}

/** Ends a Redis connection: QUIT when it is up, else drops it (and stops its reconnecting). */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
