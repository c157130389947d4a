import type pg from 'pg';

/** Rows per delete: short statements, so sign-ins touching the table never wait long. */
const BATCH = 5000;

/**
 * Deletes dashboard sessions that can no longer be used (past their end, or idle longer than
 * `idleMs`), in bounded batches. Lookups already refuse such rows; this keeps the table to the
 * sessions that are alive. Safe to run from several clocks at once.
 */
export async function pruneEndedSessions(pool: pg.Pool, idleMs: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `delete from user_sessions where token_hash in (
         select token_hash from user_sessions
          where expires_at <= now() or last_seen_at <= now() - $1 * interval '1 millisecond'
          limit ${BATCH} for update skip locked)`,
      [idleMs],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return deleted;
  }
}
