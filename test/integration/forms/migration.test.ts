import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { initOrm } from '../../../shared/db/orm.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { createProject, dirtyDays, rollupAll } from '../rollup/helpers.js';

const THIS = 'Migration20261209120000_forms';

describe('migration: forms', () => {
  let t: TestEnv;
  beforeEach(async () => {
    t = await createTestEnv();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('when form submits were stored before the forms tables then the migration copies them, field names only, and rolls their days up again', async () => {
    const orm = await initOrm(t.config);
    try {
      await orm.migrator.down({ migrations: [THIS] });
      const p = await createProject(t.pool, { timezone: 'Asia/Tokyo' });
      // 2026-03-01 20:00 UTC is 2026-03-02 in Tokyo.
      const at = '2026-03-01T20:00:00Z';
      const eventId = randomUUID();
      const insert = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, url, props)
        values ($1, $2, 'form_submit', $3, $3, $3, $4, $5, $6, $7)`;
      // Values kept under the older rules are not copied: they were never redacted the way they are now.
      const props = { formId: 'contact', outcome: 'success', fields: ['name', 'plan', 42], values: { plan: '078-05-1120' } };
      await t.pool.query(insert, [p.id, eventId, at, randomUUID(), randomUUID(), 'https://shop.example/contact', JSON.stringify(props)]);
      // An event whose props a client bent out of shape is skipped, never a failed migration.
      await t.pool.query(insert, [p.id, randomUUID(), at, randomUUID(), randomUUID(), null, JSON.stringify({ formId: 7, fields: 'x' })]);

      await orm.migrator.up({ migrations: [THIS] });

      const { rows } = await t.pool.query(`select event_id, form_id, page_url, outcome, fields from form_submissions where project_id = $1`, [p.id]);
      expect(rows).to.deep.equal([
        {
          event_id: eventId,
          form_id: 'contact',
          page_url: 'https://shop.example/contact',
          outcome: 'success',
          fields: [
            { name: 'name', type: null, length: null },
            { name: 'plan', type: null, length: null },
          ],
        },
      ]);
      expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-02']);
      await rollupAll(t.pool, p.id);
      const daily = await t.pool.query(`select day::text, form_id, starts::int, submits::int from daily_forms where project_id = $1`, [p.id]);
      expect(daily.rows).to.deep.equal([{ day: '2026-03-02', form_id: 'contact', starts: 0, submits: 1 }]);
    } finally {
      await orm.close();
    }
  });
});
