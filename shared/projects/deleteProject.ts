import type pg from 'pg';
import { deleteInBatches, tablesWithColumns } from '../erasure/catalog.js';
import { createJob } from '../erasure/lifecycleJobs.js';
import { withTransaction } from '../db/transaction.js';

/**
 * The job records outlive the project: the deletion's own job row must be readable until it is
 * done, and every finished job is pruned after 30 days anyway.
 */
const KEPT_TABLES = new Set(['lifecycle_jobs']);

export interface StartedDeletion {
  projectId: string;
  /** The `delete_project` job that removes the rows; undefined when there was no such project. */
  jobId: string | undefined;
}

/**
 * Deleting a project, first half: in one transaction the project row goes (keys, catalog, rules,
 * memberships and tombstones cascade with it, so from that commit on no key of the project
 * authenticates) and a `delete_project` job row is written. The caller then tells the web
 * processes and enqueues the job; the worker removes the rest (`deleteProjectRows`), and the
 * clock enqueues again a job whose enqueue was lost.
 */
export async function startProjectDeletion(pool: pg.Pool, projectId: string): Promise<StartedDeletion> {
  return withTransaction(pool, async (client) => {
    const removed = await client.query('delete from projects where id = $1', [projectId]);
    if ((removed.rowCount ?? 0) === 0) return { projectId, jobId: undefined };
    return { projectId, jobId: await createJob(client, projectId, 'delete_project') };
  });
}

/**
 * Second half, in the worker: every table with a `project_id` column but the job records, found
 * in the catalog so that tables added later are covered too, in batches. Safe to run again:
 * events still queued when it ran and stored afterwards are removed by a second run.
 * `onTable` hears each table's count as it finishes.
 */
export async function deleteProjectRows(pool: pg.Pool, projectId: string, onTable?: (table: string, rows: number) => Promise<void>): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of await tablesWithColumns(pool, ['project_id'])) {
    if (KEPT_TABLES.has(table)) continue;
    const total = await deleteInBatches(pool, table, 'project_id = $1', [projectId]);
    if (total > 0) {
      rows[table] = total;
      await onTable?.(table, total);
    }
  }
  return rows;
}
