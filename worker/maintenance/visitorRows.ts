import type pg from 'pg';
import { deleteInBatches, DELETE_BATCH_ROWS, visitorTables } from '../../shared/erasure/catalog.js';
import { NUMBERING } from '../../shared/sets/kinds.js';
import { withTransaction } from '../../shared/db/transaction.js';
import { BARRIER_SQL } from '../persist/erasedVisitors.js';
import { withoutVisitorEvents } from './deadLetterPayload.js';

/** Counts rows as they go, per table (partitions under their parent's name). */
export type CountRows = (table: string, rows: number) => Promise<void>;

const LETTERS_SQL = `select id, payload from dead_letters
  where project_id = $1 and id > $2
    and exists (select 1 from jsonb_path_query(payload, 'lax $.**.visitorId') v where jsonb_typeof(v) = 'string' and lower(v #>> '{}') = $3)
  order by id limit 500`;

const DELETE_LETTER_SQL = `delete from dead_letters where id = $1`;
const UPDATE_LETTER_SQL = `update dead_letters set payload = $2 where id = $1`;

/**
 * Waits until every event write that may have looked for tombstones before this visitor's
 * existed has committed (see ERASURE_LOCK_SPACE): what they stored is then visible to the
 * deletes that follow, and later writes drop the visitor's events themselves.
 */
export async function waitForEarlierWrites(pool: pg.Pool, projectId: string): Promise<void> {
  await withTransaction(pool, (client) => client.query(BARRIER_SQL, [projectId]));
}

/** Deletes the visitor's rows from every table with `project_id` and `visitor_id`, in batches. */
export async function deleteVisitorRows(pool: pg.Pool, projectId: string, visitorId: string, count: CountRows): Promise<void> {
  for (const table of await visitorTables(pool)) {
    await deleteInBatches(pool, table.name, 'project_id = $1 and visitor_id = $2', [projectId, visitorId], (n) => count(table.label, n));
  }
}

/**
 * Dead letters are failed ingest jobs: a letter holding only the visitor's events goes, one
 * that also holds other visitors' keeps theirs. Letters the worker had to keep as base64 text
 * cannot be searched and are left to their 30-day retention.
 */
export async function eraseFromDeadLetters(pool: pg.Pool, projectId: string, visitorId: string, count: CountRows): Promise<void> {
  let after = '0';
  for (;;) {
    const { rows } = await pool.query<{ id: string; payload: unknown }>(LETTERS_SQL, [projectId, after, visitorId.toLowerCase()]);
    for (const letter of rows) {
      const stripped = withoutVisitorEvents(letter.payload, visitorId);
      if (stripped.remaining === 0) await pool.query(DELETE_LETTER_SQL, [letter.id]);
      else await pool.query(UPDATE_LETTER_SQL, [letter.id, JSON.stringify(stripped.payload)]);
      await count('dead_letters', 1);
      after = letter.id;
    }
    if (rows.length < 500) return;
  }
}

/**
 * The member numbers of the visitor and of their sessions. Run after the days are rolled up
 * again, so that no rollup still sees the visitor and numbers them anew.
 */
export async function deleteMemberNumbers(pool: pg.Pool, projectId: string, visitorId: string, sessionIds: readonly string[], count: CountRows): Promise<void> {
  const visitor = await deleteInBatches(pool, 'member_numbers', `project_id = $1 and kind = ${NUMBERING.visitor} and member = $2`, [projectId, visitorId]);
  let sessions = 0;
  for (let i = 0; i < sessionIds.length; i += DELETE_BATCH_ROWS) {
    const chunk = sessionIds.slice(i, i + DELETE_BATCH_ROWS);
    sessions += await deleteInBatches(pool, 'member_numbers', `project_id = $1 and kind = ${NUMBERING.session} and member = any($2::uuid[])`, [projectId, chunk]);
  }
  if (visitor + sessions > 0) await count('member_numbers', visitor + sessions);
}
