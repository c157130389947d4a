import type pg from 'pg';
import type { Ledger } from '../client/ledger.js';

/** The figures every scenario prints and checks. */
export interface Tally {
  sent: number;
  acknowledged: number;
  /** Distinct acknowledged events found in `events`. */
  stored: number;
  /** Rows beyond the first for an event id. */
  duplicated: number;
  /** Acknowledged but not in `events`. */
  missing: string[];
  /** In `events` but never acknowledged (a retried request whose first try landed is fine only if a 202 followed). */
  unacknowledged: number;
  /** Rows of the dedup table, which must match the stored events one to one. */
  dedupRows: number;
  deadLetters: number;
}

/** Compares what PostgreSQL holds with what the client was told was accepted. */
export async function tally(pool: pg.Pool, ledger: Ledger): Promise<Tally> {
  const { rows } = await pool.query<{ id: string; n: number }>(`select event_id::text as id, count(*)::int as n from events group by event_id`);
  const inDatabase = new Map(rows.map((r) => [r.id, r.n]));
  let stored = 0;
  const missing: string[] = [];
  for (const id of ledger.acked.keys()) {
    if (inDatabase.has(id)) stored += 1;
    else missing.push(id);
  }
  let duplicated = 0;
  let unacknowledged = 0;
  for (const [id, n] of inDatabase) {
    duplicated += n - 1;
    if (!ledger.acked.has(id)) unacknowledged += 1;
  }
  return {
    sent: ledger.sent.size,
    acknowledged: ledger.acked.size,
    stored,
    duplicated,
    missing,
    unacknowledged,
    dedupRows: await countRows(pool, 'event_ids'),
    deadLetters: await countRows(pool, 'dead_letters'),
  };
}

async function countRows(pool: pg.Pool, table: 'event_ids' | 'dead_letters'): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0]?.n ?? 0;
}
