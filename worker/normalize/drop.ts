/**
 * Why a step refused an event. The API rejects all of these before the 202, so a drop
 * means an event bypassed validation (or a contract drift); it goes to dead_letters.
 */
export type DropReason = 'malformed' | 'unknown_type' | 'ts_future' | 'ts_too_old' | 'invalid_url' | 'invalid_referrer' | 'too_long' | 'out_of_range';

export class Drop {
  constructor(
    readonly reason: DropReason,
    readonly field: string,
  ) {}

  describe(): string {
    return this.field ? `dropped: ${this.reason} (${this.field})` : `dropped: ${this.reason}`;
  }
}
