import { expect } from 'chai';
import { DISTRIBUTED_TABLES, DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES } from '../../../shared/db/distribution.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

/**
 * The schema stays ready for Citus: checked on the migrated database, not on the migration
 * text, so a key added any way at all is seen.
 */
describe('schema: ready to distribute by project', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  const distributed = new Set(DISTRIBUTED_TABLES);
  const reference = new Set(Object.keys(REFERENCE_TABLES));

  it('when the migrations have run then every table is in exactly one list and every listed table exists', async () => {
    const { rows } = await t.pool.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    );
    const tables = rows.map((r) => r.name);
    const listed = [...DISTRIBUTED_TABLES, ...reference, ...LOCAL_TABLES];
    expect(tables.filter((name) => !listed.includes(name)), 'tables in no list of shared/db/distribution.ts').to.deep.equal([]);
    expect(listed.filter((name) => !tables.includes(name)), 'listed tables that do not exist').to.deep.equal([]);
    expect(listed.filter((name, i) => listed.indexOf(name) !== i), 'tables in two lists').to.deep.equal([]);
  });

  it('when the migrations have run then every distributed table has a not-null project_id that begins its primary and unique keys', async () => {
    const { rows: columns } = await t.pool.query<{ table: string }>(
      `select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = $1 and a.attnotnull and not a.attisdropped
       where n.nspname = 'public' and c.relkind in ('r', 'p')`,
      [DISTRIBUTION_COLUMN],
    );
    const withColumn = new Set(columns.map((r) => r.table));
    expect(DISTRIBUTED_TABLES.filter((name) => !withColumn.has(name)), `distributed tables without a not-null ${DISTRIBUTION_COLUMN}`).to.deep.equal([]);

    // Partitions are left out: their keys are their parent's.
    const { rows: keys } = await t.pool.query<{ table: string; key: string; first: string | null }>(
      `select c.relname as table, ic.relname as key, a.attname as first
       from pg_index i
       join pg_class c on c.oid = i.indrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_class ic on ic.oid = i.indexrelid
       left join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
       where n.nspname = 'public' and i.indisunique and not c.relispartition`,
    );
    const breaking = keys
      .filter((k) => distributed.has(k.table) && k.first !== DISTRIBUTION_COLUMN)
      .map((k) => `${k.table}: ${k.key} begins with ${k.first ?? 'an expression'}`)
      .sort();
    expect(breaking, `keys of distributed tables that do not begin with ${DISTRIBUTION_COLUMN}`).to.deep.equal([]);
  });

  it('when the migrations have run then every foreign key is one Citus can keep', async () => {
    // Distributed → reference and reference → reference are fine; reference → distributed is
    // not supported, and distributed → distributed must match on the distribution column.
    const { rows } = await t.pool.query<{ name: string; from: string; to: string; from_cols: string[]; to_cols: string[] }>(
      `select k.conname as name, c.relname as from, r.relname as to,
         array(select attname from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by i) as from_cols,
         array(select attname from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by i) as to_cols
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_class r on r.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and k.contype = 'f' and not c.relispartition`,
    );
    expect(rows.length).to.be.greaterThan(5);
    const unsupported = rows
      .filter((fk) => {
        if (reference.has(fk.to)) return !reference.has(fk.from) && !distributed.has(fk.from);
        if (!distributed.has(fk.from) || !distributed.has(fk.to)) return true;
        const at = fk.from_cols.indexOf(DISTRIBUTION_COLUMN);
        return at < 0 || fk.to_cols[at] !== DISTRIBUTION_COLUMN;
      })
      .map((fk) => `${fk.from} → ${fk.to} (${fk.name})`);
    expect(unsupported).to.deep.equal([]);
  });
});
