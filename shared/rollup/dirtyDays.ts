import type pg from 'pg';

/** A (project, local day) whose daily rows are older than its stored events. */
export interface DirtyDay {
  projectId: string;
  /** YYYY-MM-DD in the project's time zone. */
  day: string;
}

export interface DirtyDayQuery {
  /** Only this project's marks. */
  projectId?: string;
  /** At most this many marks, oldest seq first (default 10,000). */
  limit?: number;
}

/** Pending dirty marks, oldest first: what the clock enqueues every minute. */
export async function listDirtyDays(pool: pg.Pool, query: DirtyDayQuery = {}): Promise<DirtyDay[]> {
  const { rows } = await pool.query<{ project_id: string; day: string }>(
    `select project_id, day::text as day from dirty_days
     where $1::uuid is null or project_id = $1::uuid
     order by seq limit $2`,
    [query.projectId ?? null, query.limit ?? 10_000],
  );
  return rows.map((r) => ({ projectId: r.project_id, day: r.day }));
}
