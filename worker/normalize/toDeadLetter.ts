/**
 * Why a step refused an event. The API rejects all of these before the 202, so a refusal here
 * means an event bypassed validation (or a contract drift). It is not dropped: the event goes
 * to dead_letters with this reason, where the CLI lists and replays it.
 */
export type DeadLetterReason = 'malformed' | 'unknown_type' | 'ts_future' | 'ts_too_old' | 'invalid_url' | 'invalid_referrer' | 'too_long' | 'out_of_range';

/** A normalize step's outcome for an event that cannot be stored: send it to dead letters. */
export class ToDeadLetter {
  constructor(
    readonly reason: DeadLetterReason,
    readonly field: string,
  ) {}

  /** The text stored as the dead letter's reason (letters already stored, and scripts reading them, use this wording). */
  describe(): string {
    return this.field ? `dropped: ${this.reason} (${this.field})` : `dropped: ${this.reason}`;
  }
}
