import type pg from 'pg';

/** The state of rollups across every project, in counts only: it is served without a key. */
export interface RollupHealth {
  /** `failing` while any project-day is recorded in `rollup_failures`. */
  status: 'ok' | 'failing';
  /** Project-days whose last rollup failed on their data (each backed off). */
  failingDays: number;
  /** When the longest-failing of them first failed; null when none fails. */
  oldestFailureSince: string | null;
  /** Project-days whose figures wait for a rollup. */
  dirtyDays: number;
  /**
   * Rollup lag: seconds since the oldest pending change (the later of its day's dirty mark and
   * that day's last rollup); 0 when nothing waits. About a minute is normal (the clock ticks
   * once a minute).
   */
  lagSeconds: number;
}

const HEALTH_SQL = `select
    (select count(*)::int from rollup_failures) as failing_days,
    (select min(first_seen) from rollup_failures) as oldest_failure,
    (select count(*)::int from dirty_days) as dirty_days,
    (select coalesce(extract(epoch from now() - min(greatest(d.marked_at, r.rolled_at))), 0)::float8
       from dirty_days d left join rollup_days r on r.project_id = d.project_id and r.day = d.day) as lag_seconds`;

export async function rollupHealth(pool: Pick<pg.Pool, 'query'>): Promise<RollupHealth> {
  const { rows } = await pool.query<{ failing_days: number; oldest_failure: Date | null; dirty_days: number; lag_seconds: number }>(HEALTH_SQL);
  const r = rows[0];
  if (!r) throw new Error('the rollup health query returned no row');
  return {
    status: r.failing_days > 0 ? 'failing' : 'ok',
    failingDays: r.failing_days,
    oldestFailureSince: r.oldest_failure?.toISOString() ?? null,
    dirtyDays: r.dirty_days,
    lagSeconds: Math.max(0, Math.round(r.lag_seconds)),
  };
}
