import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

/** Rows removed per statement: short transactions and locks, however many rows there are. */
export const DELETE_BATCH_ROWS = 10_000;

const TABLES_WITH_COLUMNS_SQL = `select quote_ident(c.relname) as name
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and n.nspname = current_schema()
    and (select count(*) from pg_attribute a
         where a.attrelid = c.oid and a.attname = any($1::text[]) and a.attnum > 0 and not a.attisdropped) = cardinality($1::text[])
  order by c.relname`;

/**
 * Plain tables and partitions (never a partitioned parent: a ctid names a row only within one
 * partition) of the current schema that have every one of `columns`, as quoted identifiers.
 * Found in the catalog, so tables added later are covered without a change here.
 */
export async function tablesWithColumns(db: Queryable, columns: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(TABLES_WITH_COLUMNS_SQL, [columns]);
  return rows.map((r) => r.name);
}

/**
 * Deletes the rows of `table` matching `where` (over `params`) in batches of DELETE_BATCH_ROWS,
 * each its own statement, and returns how many went. `table` must be a quoted identifier from
 * the catalog; `where` is the caller's own SQL, never client text.
 */
export async function deleteInBatches(db: Queryable, table: string, where: string, params: readonly unknown[], onBatch?: (n: number) => Promise<void>): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await db.query(`delete from ${table} where ctid = any(array(select ctid from ${table} where ${where} limit ${DELETE_BATCH_ROWS}))`, [...params]);
    const n = batch.rowCount ?? 0;
    total += n;
    if (n > 0) await onBatch?.(n);
    if (n < DELETE_BATCH_ROWS) return total;
  }
}

const VISITOR_TABLES_SQL = `select quote_ident(c.relname) as name,
    coalesce((select p.relname from pg_inherits i join pg_class p on p.oid = i.inhparent where i.inhrelid = c.oid limit 1), c.relname)::text as label
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and n.nspname = current_schema()
    and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'project_id' and not a.attisdropped)
    and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'visitor_id' and not a.attisdropped)
  order by c.relname`;

export interface VisitorTable {
  /** Quoted identifier of the leaf table. */
  name: string;
  /** What it is called in reports and exports: its partitioned parent's name for a partition. */
  label: string;
}

/**
 * Leaf tables (partitions included) with both `project_id` and `visitor_id`: every row that
 * belongs to one visitor. Found in the catalog, so tables added later (forms, journeys) are
 * erased and exported without a change here.
 */
export async function visitorTables(db: Queryable): Promise<VisitorTable[]> {
  return (await db.query<VisitorTable>(VISITOR_TABLES_SQL)).rows;
}
