import { expect } from 'chai';
import { initOrm } from '../../../shared/db/orm.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { createProject } from './helpers.js';

const THIS = 'Migration20261211140000_holdout';

describe('migration: holdout', () => {
  let t: TestEnv;
  beforeEach(async () => {
    t = await createTestEnv();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const columns = async () =>
    (await t.pool.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'projects' and column_name like 'holdout%' order by 1`)).rows.map((r) => r.column_name);

  it('when projects existed before the holdout then each gets the holdout off and a salt of its own; down removes it all and up restores it', async () => {
    const orm = await initOrm(t.config);
    try {
      await orm.migrator.down({ migrations: [THIS] });
      expect(await columns()).to.deep.equal([]);
      const a = await createProject(t.pool);
      const b = await createProject(t.pool);
      await orm.migrator.up({ migrations: [THIS] });

      const { rows } = await t.pool.query<{ holdout_percent: number; holdout_salt: string }>(
        'select holdout_percent, holdout_salt from projects where id = any($1::uuid[])',
        [[a.id, b.id]],
      );
      expect(rows.map((r) => r.holdout_percent)).to.deep.equal([0, 0]);
      for (const r of rows) expect(r.holdout_salt).to.match(/^[0-9a-f]{32}$/);
      expect(rows[0]!.holdout_salt).to.not.equal(rows[1]!.holdout_salt);
      await t.pool.query(`insert into daily_sets (project_id, day, kind, scope, is_bot, cardinality, members) values ($1, '2026-03-01', 10, '', false, 0, ''::bytea)`, [a.id]);

      await orm.migrator.down({ migrations: [THIS] });
      expect(await columns()).to.deep.equal([]);
      expect((await t.pool.query(`select 1 from pg_proc where proname = 'holdout_bucket'`)).rowCount).to.equal(0);
      expect((await t.pool.query(`select 1 from daily_sets where kind = 10`)).rowCount).to.equal(0);
      await orm.migrator.up({ migrations: [THIS] });
      expect(await columns()).to.deep.equal(['holdout_percent', 'holdout_salt']);
      const bucket = await t.pool.query<{ b: number }>(`select holdout_bucket('0123456789abcdef', '00000000-0000-4000-8000-000000000004') as b`);
      expect(bucket.rows[0]!.b).to.equal(1);
    } finally {
      await orm.close();
    }
  });

  it('when the holdout is set outside 0-50 in the table then PostgreSQL refuses it too', async () => {
    const p = await createProject(t.pool);
    let refused: unknown;
    try {
      await t.pool.query('update projects set holdout_percent = 51 where id = $1', [p.id]);
    } catch (err) {
      refused = err;
    }
    expect((refused as { constraint?: string } | undefined)?.constraint).to.equal('projects_holdout_percent_check');
  });
});
