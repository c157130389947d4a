import type pg from 'pg';
import { INGEST_JOB_NAME, INGEST_JOB_OPTIONS, type IngestQueueData } from '../shared/queue/contract.js';
import type { IngestQueues } from '../shared/queue/ingestQueues.js';
import { withTransaction } from '../shared/db/transaction.js';

export interface DeadLetterInput {
  projectId: string | null;
  jobId: string | null;
  /** An IngestJobData holding only what failed, so a replay is an ordinary job. */
  payload: Record<string, unknown>;
  reason: string;
}

export interface DeadLetterRow {
  id: number;
  projectId: string | null;
  jobId: string | null;
  payload: Record<string, unknown>;
  reason: string;
  createdAt: Date;
  replayedAt: Date | null;
}

export interface ListDeadLettersOptions {
  projectId?: string;
  limit: number;
  /** Leave out letters already replayed. */
  pendingOnly?: boolean;
}

export interface ReplayResult {
  replayed: number;
  ids: number[];
}

type Queryable = Pick<pg.Pool, 'query'>;

export async function recordDeadLetters(db: Queryable, letters: readonly DeadLetterInput[]): Promise<void> {
  if (letters.length === 0) return;
  await db.query(
    `insert into dead_letters (project_id, job_id, payload, reason, created_at)
     select p, j, pl, r, now() from unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[]) as u(p, j, pl, r)`,
    [letters.map((l) => l.projectId), letters.map((l) => l.jobId), letters.map((l) => JSON.stringify(l.payload)), letters.map((l) => l.reason)],
  );
}

interface Row {
  id: string;
  project_id: string | null;
  job_id: string | null;
  payload: Record<string, unknown>;
  reason: string;
  created_at: Date;
  replayed_at: Date | null;
}

/** Newest first. */
export async function listDeadLetters(pool: Queryable, options: ListDeadLettersOptions): Promise<DeadLetterRow[]> {
  const { rows } = await pool.query<Row>(
    `select id, project_id, job_id, payload, reason, created_at, replayed_at from dead_letters
     where ($1::uuid is null or project_id = $1) and (not $2 or replayed_at is null)
     order by id desc limit $3`,
    [options.projectId ?? null, options.pendingOnly ?? false, options.limit],
  );
  return rows.map(fromRow);
}

/**
 * Re-enqueues each payload as a new ingest job and stamps `replayed_at`. 'all' takes
 * the letters not replayed yet; named ids are replayed even if they were before. Rows
 * are locked while their jobs are added so two concurrent replays do not both send them
 * (and if one did, the event-id dedup would still store each event once).
 */
export async function replayDeadLetters(pool: pg.Pool, queue: Pick<IngestQueues, 'addBulk'>, ids: readonly number[] | 'all'): Promise<ReplayResult> {
  const replayed = await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; payload: Record<string, unknown> }>(
      ids === 'all'
        ? `select id, payload from dead_letters where replayed_at is null order by id for update skip locked`
        : `select id, payload from dead_letters where id = any($1::bigint[]) order by id for update`,
      ids === 'all' ? [] : [ids],
    );
    if (rows.length > 0) {
      await queue.addBulk(rows.map((r) => ({ name: INGEST_JOB_NAME, data: r.payload as unknown as IngestQueueData, opts: INGEST_JOB_OPTIONS })));
      await client.query(`update dead_letters set replayed_at = now() where id = any($1::bigint[])`, [rows.map((r) => r.id)]);
    }
    return rows.map((r) => Number(r.id));
  });
  return { replayed: replayed.length, ids: replayed };
}

function fromRow(r: Row): DeadLetterRow {
  return {
    id: Number(r.id),
    projectId: r.project_id,
    jobId: r.job_id,
    payload: r.payload,
    reason: r.reason,
    createdAt: r.created_at,
    replayedAt: r.replayed_at,
  };
}
