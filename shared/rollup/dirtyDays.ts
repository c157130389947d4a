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
  /** Leave out days backed off after a failure until their next attempt (what the clock enqueues). */
  dueOnly?: boolean;
}

/** Pending dirty marks, oldest first. */
export async function listDirtyDays(pool: pg.Pool, query: DirtyDayQuery = {}): Promise<DirtyDay[]> {
  const { rows } = await pool.query<{ project_id: string; day: string }>(
    `select d.project_id, d.day::text as day from dirty_days d
     where ($1::uuid is null or d.project_id = $1::uuid)
       and not ($3::boolean and exists (
         select 1 from rollup_failures f where f.project_id = d.project_id and f.day = d.day and f.next_attempt_at > now()))
     order by d.seq limit $2`,
    [query.projectId ?? null, query.limit ?? 10_000, query.dueOnly ?? false],
  );
  return rows.map((r) => ({ projectId: r.project_id, day: r.day }));
}
