import type pg from 'pg';

const DUPLICATE = new Set(['42P07', '23505']);

/**
 * `events` has no DEFAULT partition, so a month must exist before its rows arrive.
 * The migration and the clock keep a window ready; this covers what they have not
 * reached (a backlog replayed late, a clock that is down), once per month per process.
 */
export class PartitionKeeper {
  private readonly ensured = new Set<number>();

  constructor(private readonly pool: pg.Pool) {}

  async ensure(instants: Iterable<Date>): Promise<void> {
    const months = new Set<number>();
    for (const t of instants) months.add(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
    for (const month of months) {
      if (this.ensured.has(month)) continue;
      await this.create(new Date(month));
      this.ensured.add(month);
    }
  }

  /** After a "no partition" error: something (retention) dropped one we remembered. */
  forget(): void {
    this.ensured.clear();
  }

  private async create(month: Date): Promise<void> {
    const sql = 'select ensure_event_partitions($1::timestamptz, $1::timestamptz)';
    try {
      await this.pool.query(sql, [month.toISOString()]);
    } catch (err) {
      // Another worker created the same month between our check and our CREATE; once more sees it.
      if (!isDuplicate(err)) throw err;
      await this.pool.query(sql, [month.toISOString()]);
    }
  }
}

function isDuplicate(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && DUPLICATE.has(err.code);
}
