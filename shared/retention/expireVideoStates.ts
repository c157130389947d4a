import type pg from 'pg';
import { DELETE_BATCH, deleteInBatches } from './batches.js';

/**
 * A Video Spec play's bookkeeping (`video_state_signals`, `video_state_derived`) names raw
 * events by visitor, time and id, so it is raw data too and goes at the same cutoff as the
 * events it names: past it, a signal can no longer be read back (the re-derivation joins
 * `events`) and a derived row names an event that is gone. A play that spans the cutoff keeps
 * the rows of its kept signals, as it keeps those events. $1 project id, $2 its cutoff.
 */
const deleteSql = (table: string): string => `with gone as (
    delete from ${table} where ctid = any(array(
      select ctid from ${table} where project_id = $1::uuid and occurred_at < $2::timestamptz limit ${DELETE_BATCH}))
    returning 1
  )
  select count(*)::text as rows from gone`;

const countSql = (table: string): string => `select count(*)::text as rows from ${table} where project_id = $1::uuid and occurred_at < $2::timestamptz`;

const TABLES = ['video_state_signals', 'video_state_derived'] as const;

/** Rows deleted (or, dry, that would be) from both tables. */
export async function expireProjectVideoStates(client: pg.ClientBase, projectId: string, cutoff: Date, dryRun: boolean): Promise<number> {
  let total = 0;
  for (const table of TABLES) {
    const counts = dryRun
      ? ((await client.query<{ rows: string }>(countSql(table), [projectId, cutoff])).rows[0] ?? { rows: '0' })
      : await deleteInBatches(client, deleteSql(table), [projectId, cutoff], ['rows']);
    total += Number(counts.rows);
  }
  return total;
}
