import type pg from 'pg';

/** Rows removed per statement: short transactions and locks, however large the project. */
export const DELETE_BATCH_ROWS = 10_000;

export interface DeletedProject {
  projectId: string;
  /** Whether the project row (with its keys, catalog and rules) existed and was removed now. */
  project: boolean;
  /** Rows removed per table that has a `project_id` column (month partitions each on their own). */
  rows: Record<string, number>;
}

/**
 * Removes a project and every row of it:
 * 1. the project row in one statement; keys, videos, slots and rules go with it (foreign keys
 *    cascade), so from that commit on no key of the project authenticates, and
 *    `afterKeysRemoved` tells the web processes so before the long part;
 * 2. then every table with a `project_id` column, found in the catalog so that tables added
 *    later are covered too, in batches of DELETE_BATCH_ROWS rows.
 * Events still queued when it runs may be stored afterwards; running it again removes them.
 */
export async function deleteProject(pool: pg.Pool, projectId: string, afterKeysRemoved: () => Promise<void>): Promise<DeletedProject> {
  const removed = await pool.query('delete from projects where id = $1', [projectId]);
  await afterKeysRemoved();
  const rows: Record<string, number> = {};
  for (const table of await tablesWithProjectId(pool)) {
    let total = 0;
    for (;;) {
      const batch = await pool.query(
        `delete from ${table} where ctid = any(array(select ctid from ${table} where project_id = $1 limit ${DELETE_BATCH_ROWS}))`,
        [projectId],
      );
      total += batch.rowCount ?? 0;
      if ((batch.rowCount ?? 0) < DELETE_BATCH_ROWS) break;
    }
    if (total > 0) rows[table] = total;
  }
  return { projectId, project: (removed.rowCount ?? 0) > 0, rows };
}

/**
 * Plain tables and partitions (never a partitioned parent: a ctid names a row only within one
 * partition) in the current schema with a `project_id` column, as quoted identifiers.
 */
async function tablesWithProjectId(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `select quote_ident(c.relname) as name
     from pg_attribute a
     join pg_class c on c.oid = a.attrelid
     join pg_namespace n on n.oid = c.relnamespace
     where a.attname = 'project_id' and not a.attisdropped and c.relkind = 'r' and n.nspname = current_schema()
     order by c.relname`,
  );
  return rows.map((r) => r.name);
}
