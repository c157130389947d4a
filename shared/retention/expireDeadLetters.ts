import type pg from 'pg';
import { DELETE_BATCH, deleteInBatches } from './batches.js';

/** $1 the oldest kept instant, $2 one project or null (every letter, those of no project too). */
const DELETE_SQL = `with gone as (
    delete from dead_letters where ctid = any(array(
      select ctid from dead_letters where created_at < $1::timestamptz and ($2::uuid is null or project_id = $2::uuid)
      limit ${DELETE_BATCH}))
    returning 1
  )
  select count(*)::text as letters from gone`;

const COUNT_SQL = `select count(*)::text as letters from dead_letters
  where created_at < $1::timestamptz and ($2::uuid is null or project_id = $2::uuid)`;

/** Dead letters older than `before`: they hold raw events, so they expire like them. */
export async function expireDeadLetters(client: pg.ClientBase, before: Date, projectId: string | undefined, dryRun: boolean): Promise<number> {
  const params = [before, projectId ?? null];
  if (dryRun) return Number((await client.query<{ letters: string }>(COUNT_SQL, params)).rows[0]?.letters ?? 0);
  return (await deleteInBatches(client, DELETE_SQL, params, ['letters'])).letters;
}
