import { expect } from 'chai';
import { initOrm } from '../../shared/db/orm.js';
import { createTestEnv, type TestEnv } from '../helpers/services.js';

describe('schema', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when the migrations have run then generating a migration from the entities yields no diff', async () => {
    const orm = await initOrm(t.config);
    try {
      const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(sql.trim()).to.equal('');
    } finally {
      await orm.close();
    }
  });

  it('when the migrations have run then event partitions cover the accepted time range', async () => {
    const { rows } = await t.pool.query<{ n: string }>(
      `select count(*) as n from pg_inherits where inhparent = 'events'::regclass`,
    );
    expect(Number(rows[0]!.n)).to.be.greaterThanOrEqual(4);
    const probe = await t.pool.query(`select ensure_event_partitions(now() - interval '90 days', now() + interval '2 months') as created`);
    expect(probe.rows[0]).to.deep.equal({ created: 0 });
  });
});
