import type pg from 'pg';

/**
 * What a migration can change in the public schema, as text without OIDs: tables (partitions
 * included) with their columns in order, constraints, indexes, functions and sequences. Two
 * databases with equal snapshots have the same schema for every purpose the code relies on.
 * Function bodies compare by hash; sequences by type and step, not by their current value.
 */
export interface SchemaSnapshot {
  columns: string[];
  constraints: string[];
  indexes: string[];
  functions: string[];
  sequences: string[];
}

const QUERIES: Record<keyof SchemaSnapshot, string> = {
  columns: `select c.relname || '.' || a.attname || ' #' || row_number() over (partition by c.oid order by a.attnum)
      || ' ' || format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end
      || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') as line
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
    where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  constraints: `select c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) as line
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'`,
  indexes: `select indexdef as line from pg_indexes where schemaname = 'public'`,
  functions: `select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') returns '
      || pg_get_function_result(p.oid) || ' ' || md5(p.prosrc) as line
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'`,
  sequences: `select sequencename || ' ' || data_type::text || ' ' || increment_by as line
    from pg_sequences where schemaname = 'public'`,
};

export async function schemaSnapshot(db: pg.Pool | pg.Client): Promise<SchemaSnapshot> {
  const snapshot = {} as SchemaSnapshot;
  for (const key of Object.keys(QUERIES) as (keyof SchemaSnapshot)[]) {
    const { rows } = await db.query<{ line: string }>(QUERIES[key]);
    // The migrator's own bookkeeping table appears with the first run, not with a migration.
    snapshot[key] = rows.map((r) => r.line).filter((line) => !line.includes('mikro_orm_migrations')).sort();
  }
  return snapshot;
}

/** The relations left in the public schema (tables, sequences, views, functions as `name()`). */
export async function publicObjects(db: pg.Pool | pg.Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'S', 'v', 'm')
     union all
     select p.proname || '()' from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
     order by 1`,
  );
  return rows.map((r) => r.name);
}
