import { isTransient } from '../errors.js';

export interface RetryOptions {
  maxBackoffMs: number;
  initialBackoffMs?: number;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Retries `fn` for as long as it fails transiently, with capped exponential backoff.
 * No attempt limit on purpose: the jobs waiting on this stay active (BullMQ keeps
 * renewing their locks), so an outage delays them instead of failing them.
 * A permanent error is rethrown at once.
 */
export async function retryTransient<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  let delay = Math.min(options.initialBackoffMs ?? 100, options.maxBackoffMs);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransient(err)) throw err;
      options.onRetry?.(err, attempt, delay);
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxBackoffMs);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
