import type pg from 'pg';
import type { RetentionReport } from './report.js';

/** Advisory lock space of retention; the rollup locks use space 1 (worker/rollup/sql.ts). */
const RETENTION_LOCK_SPACE = 2;

/** Session-level, so it is held across the run's many short statements on one connection. */
export async function tryRetentionLock(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(`select pg_try_advisory_lock(${RETENTION_LOCK_SPACE}, 0) as locked`);
  return rows[0]?.locked === true;
}

export async function releaseRetentionLock(client: pg.ClientBase): Promise<void> {
  await client.query(`select pg_advisory_unlock(${RETENTION_LOCK_SPACE}, 0)`);
}

const RECORD_SQL = `insert into retention_runs (as_of, started_at, finished_at, duration_ms, partitions_dropped, rows_deleted, report)
  values ($1::timestamptz, $2::timestamptz, $3::timestamptz, $4::int, $5::int, $6::bigint, $7::jsonb)`;

/** Runs of more than a year ago say nothing an operator needs. */
const PRUNE_SQL = `delete from retention_runs where started_at < now() - interval '1 year'`;

export async function recordRun(client: pg.ClientBase, report: RetentionReport): Promise<void> {
  await client.query(RECORD_SQL, [
    report.asOf,
    report.startedAt,
    new Date(Date.parse(report.startedAt) + report.durationMs).toISOString(),
    report.durationMs,
    report.partitions.length,
    report.rowsDeleted,
    JSON.stringify(report),
  ]);
  await client.query(PRUNE_SQL);
}
