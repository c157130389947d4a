import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { MaintenanceKind } from '../queue/maintenanceJob.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** What a job reports while it runs: its phase and, for erasures, days and rows done so far. */
export interface JobProgress {
  phase?: string;
  daysTotal?: number;
  daysDone?: number;
  /** Rows removed per table. */
  rows?: Record<string, number>;
}

/** A job as `GET /v1/jobs/{jobId}` shows it. */
export interface JobView {
  id: string;
  kind: MaintenanceKind;
  state: JobState;
  progress: JobProgress;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** Finished jobs are kept this long, then pruned. */
export const JOB_KEEP_DAYS = 30;

/** Rows one prune statement removes; the next run takes the rest. */
export const JOB_PRUNE_BATCH = 1000;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

const INSERT_JOB_SQL = `insert into lifecycle_jobs (id, project_id, kind) values ($1, $2, $3)`;

const JOB_VIEW_SQL = `select id, kind, state, progress, error,
    to_json(created_at) #>> '{}' as created_at, to_json(started_at) #>> '{}' as started_at, to_json(finished_at) #>> '{}' as finished_at
  from lifecycle_jobs where id = $1 and project_id = $2`;

const START_JOB_SQL = `update lifecycle_jobs set state = 'running', started_at = coalesce(started_at, now()), error = null
  where id = $1 and state <> 'done' returning state`;

const PROGRESS_SQL = `update lifecycle_jobs set progress = $2 where id = $1`;

const PLAN_SQL = `update lifecycle_jobs set plan = $2 where id = $1`;

const READ_STATE_SQL = `select progress, plan from lifecycle_jobs where id = $1`;

const FINISH_SQL = `update lifecycle_jobs set state = $2, error = $3, finished_at = now() where id = $1`;

const RETRYING_SQL = `update lifecycle_jobs set error = $2 where id = $1`;

const PRUNE_SQL = `delete from lifecycle_jobs where ctid = any(array(
    select ctid from lifecycle_jobs where finished_at < now() - make_interval(days => $1) limit ${JOB_PRUNE_BATCH}))`;

const STRANDED_SQL = `select id, project_id, kind from lifecycle_jobs
  where state = 'queued' and kind = 'delete_project' and created_at < now() - make_interval(secs => $1)
  order by created_at limit $2`;

// A deletion done in the last day whose project has stored events again: ingest jobs that were
// still queued when it ran. Probed through the primary key of event_ids.
const REOPEN_SQL = `update lifecycle_jobs j set state = 'queued', finished_at = null
  where j.id in (
    select id from lifecycle_jobs
    where kind = 'delete_project' and state = 'done' and finished_at > now() - interval '1 day'
      and exists (select 1 from event_ids e where e.project_id = lifecycle_jobs.project_id)
    limit $1)
  returning j.id, j.project_id`;

/** Adds a queued job row; its id is also the Redis job's id. */
export async function createJob(db: Queryable, projectId: string, kind: MaintenanceKind): Promise<string> {
  const id = randomUUID();
  await db.query(INSERT_JOB_SQL, [id, projectId, kind]);
  return id;
}

interface JobRow {
  id: string;
  kind: MaintenanceKind;
  state: JobState;
  progress: JobProgress;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The job of that project; undefined for an unknown id or another project's job. */
export async function findJob(db: Queryable, jobId: string, projectId: string): Promise<JobView | undefined> {
  const row = (await db.query<JobRow>(JOB_VIEW_SQL, [jobId, projectId])).rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    progress: row.progress,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

/** Marks the job running; false when it is already done (a duplicate delivery) or unknown. */
export async function startJob(db: Queryable, jobId: string): Promise<boolean> {
  return ((await db.query(START_JOB_SQL, [jobId])).rowCount ?? 0) > 0;
}

export async function saveProgress(db: Queryable, jobId: string, progress: JobProgress): Promise<void> {
  await db.query(PROGRESS_SQL, [jobId, JSON.stringify(progress)]);
}

export async function savePlan(db: Queryable, jobId: string, plan: unknown): Promise<void> {
  await db.query(PLAN_SQL, [jobId, JSON.stringify(plan)]);
}

/** The progress and plan saved by an earlier attempt of the job (empty on the first). */
export async function readJobState(db: Queryable, jobId: string): Promise<{ progress: JobProgress; plan: unknown }> {
  const row = (await db.query<{ progress: JobProgress; plan: unknown }>(READ_STATE_SQL, [jobId])).rows[0];
  return { progress: row?.progress ?? {}, plan: row?.plan ?? null };
}

export async function finishJob(db: Queryable, jobId: string, outcome: { state: 'done' } | { state: 'failed'; error: string }): Promise<void> {
  await db.query(FINISH_SQL, [jobId, outcome.state, outcome.state === 'failed' ? outcome.error : null]);
}

/** Records the error of an attempt that will be retried; the job stays running. */
export async function noteRetry(db: Queryable, jobId: string, error: string): Promise<void> {
  await db.query(RETRYING_SQL, [jobId, error]);
}

/** Deletes up to JOB_PRUNE_BATCH jobs finished more than `keepDays` ago; returns how many. */
export async function pruneFinishedJobs(db: Queryable, keepDays = JOB_KEEP_DAYS): Promise<number> {
  return (await db.query(PRUNE_SQL, [keepDays])).rowCount ?? 0;
}

/**
 * Project deletions whose row was written but whose Redis job may never have been added (Redis
 * failed after the project row was gone): the clock adds them again. Erasures are not among
 * them: their visitor id lives only in the Redis job, and the API answers 503 when it cannot
 * add one, so the caller asks again.
 */
export async function strandedDeletions(db: Queryable, olderThanSeconds: number, limit: number): Promise<{ id: string; project_id: string }[]> {
  return (await db.query<{ id: string; project_id: string }>(STRANDED_SQL, [olderThanSeconds, limit])).rows;
}

/**
 * Reopens project deletions done in the last day whose project has stored events again (ingest
 * jobs still queued when the deletion ran were written after it); the clock hands them back to
 * the worker, which removes the late rows.
 */
export async function reopenDeletions(db: Queryable, limit: number): Promise<{ id: string; project_id: string }[]> {
  return (await db.query<{ id: string; project_id: string }>(REOPEN_SQL, [limit])).rows;
}
