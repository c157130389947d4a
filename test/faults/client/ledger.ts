/** What the client saw: every event it sent, when each was acknowledged, and every answer. */
export class Ledger {
  readonly sent = new Set<string>();
  /** Event id -> epoch ms when its 202 arrived. */
  readonly acked = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  connectionErrors = 0;
  /** 429 / 503 answers without a usable Retry-After: a client could not tell when to come back. */
  refusalsWithoutRetryAfter = 0;
  /** Answers a retry cannot fix (anything but 202 / 429 / 503); a correct server gives none. */
  readonly unexpected: string[] = [];

  recordSent(ids: readonly string[]): void {
    for (const id of ids) this.sent.add(id);
  }

  recordAnswer(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  recordAck(ids: readonly string[], at: number): void {
    for (const id of ids) this.acked.set(id, at);
  }

  answers(status: number): number {
    return this.statuses.get(status) ?? 0;
  }

  /** Events whose 202 arrived in [from, to]. */
  ackedBetween(from: number, to: number): string[] {
    const ids: string[] = [];
    for (const [id, at] of this.acked) if (at >= from && at <= to) ids.push(id);
    return ids;
  }
}
