import type pg from 'pg';

/** Anything that runs a query: a pool, or a client already holding a connection. */
type Queryable = Pick<pg.Pool, 'query'>;

/** One project-day whose rollup failed on its data, as `rollup_failures` keeps it. */
export interface RollupFailure {
  projectId: string;
  /** YYYY-MM-DD in the project's time zone. */
  day: string;
  /** The last failure's message (and SQLSTATE when there is one). */
  error: string;
  /** Failures in a row since the day last rolled up. */
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  /** The clock does not enqueue the day before this instant. */
  nextAttemptAt: string;
}

export interface RetryBackoff {
  /** Delay after the first failure, doubled at each further one. */
  baseMs: number;
  /** Longest delay. */
  maxMs: number;
}

/** Enough of an error to act on; a PostgreSQL message never needs more. */
const MAX_ERROR_CHARS = 2000;

/**
 * Records one more failure of a project-day and sets its next attempt `base * 2^(n-1)`
 * (capped) after now, n being its failures in a row. The exponent is bounded so a day that
 * fails for years cannot overflow it.
 */
const RECORD_SQL = `insert into rollup_failures as f (project_id, day, error, attempts, first_seen, last_seen, next_attempt_at)
  values ($1::uuid, $2::date, $3::text, 1, now(), now(), now() + least($4::float8, $5::float8) * interval '1 millisecond')
  on conflict (project_id, day) do update set
    error = excluded.error,
    attempts = f.attempts + 1,
    last_seen = excluded.last_seen,
    next_attempt_at = excluded.last_seen + least($4::float8 * power(2, least(f.attempts, 40)), $5::float8) * interval '1 millisecond'
  returning attempts, next_attempt_at`;

export async function recordRollupFailure(
  db: Queryable,
  failure: { projectId: string; day: string; error: string },
  backoff: RetryBackoff,
): Promise<{ attempts: number; nextAttemptAt: Date }> {
  const { rows } = await db.query<{ attempts: number; next_attempt_at: Date }>(RECORD_SQL, [
    failure.projectId,
    failure.day,
    failure.error.slice(0, MAX_ERROR_CHARS),
    backoff.baseMs,
    backoff.maxMs,
  ]);
  const row = rows[0];
  if (!row) throw new Error('recording a rollup failure returned no row');
  return { attempts: row.attempts, nextAttemptAt: row.next_attempt_at };
}

/** A day that rolled up is no longer failing, whatever ran it (a job or a rebuild). */
export async function clearRollupFailure(db: Queryable, projectId: string, day: string): Promise<void> {
  await db.query(`delete from rollup_failures where project_id = $1::uuid and day = $2::date`, [projectId, day]);
}

interface FailureRow {
  project_id: string;
  day: string;
  error: string;
  attempts: number;
  first_seen: Date;
  last_seen: Date;
  next_attempt_at: Date;
}

/** Failing project-days, longest failing first. */
export async function listRollupFailures(db: Queryable, query: { projectId?: string; limit?: number } = {}): Promise<RollupFailure[]> {
  const { rows } = await db.query<FailureRow>(
    `select project_id, day::text as day, error, attempts, first_seen, last_seen, next_attempt_at
     from rollup_failures
     where $1::uuid is null or project_id = $1::uuid
     order by first_seen, project_id, day
     limit $2`,
    [query.projectId ?? null, query.limit ?? 1000],
  );
  return rows.map((r) => ({
    projectId: r.project_id,
    day: r.day,
    error: r.error,
    attempts: r.attempts,
    firstSeen: r.first_seen.toISOString(),
    lastSeen: r.last_seen.toISOString(),
    nextAttemptAt: r.next_attempt_at.toISOString(),
  }));
}
