import type pg from 'pg';
import type { Logger } from '../shared/logger.js';
import { redactPayload } from './deadLetterRedaction.js';
import { recordDeadLetters, type DeadLetterInput } from './deadLetters.js';
import { toError } from './errors.js';
import { retryTransient } from './persist/retry.js';

/**
 * Records dead letters without letting one unstorable letter (say, a payload jsonb
 * refuses) take the others down: all in one insert, else one by one.
 */
export class DeadLetterSink {
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly maxBackoffMs: number,
  ) {}

  /** Per letter: undefined when stored, else why not. */
  async record(raw: readonly DeadLetterInput[]): Promise<(Error | undefined)[]> {
    if (raw.length === 0) return [];
    const letters = raw.map((l) => ({ ...l, payload: redactPayload(l.payload) }));
    for (const l of letters) this.log.warn({ projectId: l.projectId, jobId: l.jobId, reason: l.reason }, 'dead letter');
    try {
      await this.insert(letters);
      return letters.map(() => undefined);
    } catch {
      // One of them cannot be stored as is; find out which, without losing the others.
    }
    const results: (Error | undefined)[] = [];
    for (const letter of letters) results.push(await this.recordOne(letter));
    return results;
  }

  private async recordOne(letter: DeadLetterInput): Promise<Error | undefined> {
    try {
      await this.insert([letter]);
      return undefined;
    } catch (err) {
      return this.recordEncoded(letter, err);
    }
  }

  /**
   * jsonb refuses what the API would have refused (a NUL, a lone surrogate), and that
   * is exactly what ends up here. Kept as base64 text: not replayable as is, but not lost.
   */
  private async recordEncoded(letter: DeadLetterInput, cause: unknown): Promise<Error | undefined> {
    const encoded = Buffer.from(JSON.stringify(letter.payload)).toString('base64');
    try {
      await this.insert([{ ...letter, payload: { encoding: 'base64', data: encoded }, reason: `${letter.reason} (payload stored as base64)` }]);
      return undefined;
    } catch (err) {
      this.log.error({ err, cause, jobId: letter.jobId }, 'dead letter could not be stored');
      return toError(err);
    }
  }

  /** Throws the first failure; for callers that fail the whole job on any. */
  async recordAll(letters: readonly DeadLetterInput[]): Promise<void> {
    const failure = (await this.record(letters)).find((e) => e !== undefined);
    if (failure) throw failure;
  }

  private insert(letters: readonly DeadLetterInput[]): Promise<void> {
    return retryTransient(() => recordDeadLetters(this.pool, letters), {
      maxBackoffMs: this.maxBackoffMs,
      onRetry: (err, attempt, delayMs) => this.log.warn({ err, attempt, delayMs }, 'database unavailable; retrying dead letters'),
    });
  }
}
