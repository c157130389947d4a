/**
 * How one process splits `DATABASE_POOL_MAX` between the pools it opens, so the setting is the
 * most PostgreSQL connections a role process holds, whatever it runs. (`cuepoint start` runs
 * all three roles in one process, each with its own budget.)
 */

/**
 * The web role: the ORM (admin API, config reloads: few, short) and the plain pool (sessions,
 * stats reads). With a read replica (DATABASE_READ_URL) the stats reads move to a pool of their
 * own on the standby, and the primary's plain pool keeps only the short session lookups and
 * admin reads: a quarter, like the ORM. The total stays DATABASE_POOL_MAX either way.
 */
export function webPoolSizes(total: number, replica = false): { orm: number; stats: number; reads: number } {
  const orm = Math.max(1, Math.floor(total / 4));
  if (!replica) return { orm, stats: Math.max(1, total - orm), reads: 0 };
  const stats = Math.max(1, Math.floor(total / 4));
  return { orm, stats, reads: Math.max(1, total - orm - stats) };
}

/** Maintenance runs one job at a time: one connection holds a day's rollup lock, one deletes around it. */
export const MAINTENANCE_POOL_SIZE = 2;

/**
 * The worker role: each rollup job holds one connection for its lock and transactions, and
 * one more serves the short queries around them; maintenance (erasures, project deletions) has
 * its own two; the event writes get the rest (one batch is written at a time, so a few suffice).
 */
export function workerPoolSizes(total: number, rollupConcurrency: number): { ingest: number; rollup: number; maintenance: number } {
  const rollup = rollupConcurrency + 1;
  return { rollup, maintenance: MAINTENANCE_POOL_SIZE, ingest: Math.max(1, total - rollup - MAINTENANCE_POOL_SIZE) };
}

/** The clock: partition upkeep and the dirty-day listing, one at a time. */
export const CLOCK_POOL_SIZE = 2;
