import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { boundKeySql, cutAddressSql } from '../../../migrations/Migration20261206110000_boundedValues.js';
import { initOrm } from '../../../shared/db/orm.js';
import { boundKey, cutAddress } from '../../../shared/events/storedText.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { createProject, dirtyDays, rollupAll } from './helpers.js';

const THIS = 'Migration20261206110000_boundedValues';

/** A stored page key as versions before the cap wrote it: ~18 KB of varied escapes. */
function longKey(): string {
  const path = Array.from({ length: 2000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join('');
  return new URL(`https://shop.example/${path}`).href;
}

describe('migration: bounded values', () => {
  let t: TestEnv;
  beforeEach(async () => {
    t = await createTestEnv();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('when the SQL bounds of the migration meet any ASCII address then they give what the worker gives', async () => {
    const address = fc.string({ unit: fc.constantFrom('a', 'E', '6', '%', '/', '~'), maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(address, fc.integer({ min: 20, max: 40 }), async (text, max) => {
        const { rows } = await t.pool.query<{ k: string; c: string }>(
          `select ${boundKeySql('$1::text', max)} as k, ${cutAddressSql('$1::text', max)} as c`,
          [text],
        );
        expect(rows[0]).to.deep.equal({ k: boundKey(text, max), c: cutAddress(text, max) });
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('when events stored before the cap hold an 18 KB page key then the migration bounds it, marks its day dirty, and the day rolls up', async () => {
    const orm = await initOrm(t.config);
    try {
      await orm.migrator.down({ migrations: [THIS] });
      const p = await createProject(t.pool);
      const key = longKey();
      const at = new Date(Date.now() - 3 * 86_400_000);
      await t.pool.query(
        `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, url, page_key)
         values ($1, $2, 'widget_open', $3, $3, $3, $4, $5, $6, $6)`,
        [p.id, randomUUID(), at.toISOString(), randomUUID(), randomUUID(), key],
      );
      expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);

      await orm.migrator.up({ migrations: [THIS] });

      const { rows } = await t.pool.query<{ page_key: string; url: string }>(`select page_key, url from events where project_id = $1`, [p.id]);
      expect(rows).to.deep.equal([{ page_key: boundKey(key, 512), url: cutAddress(key, 2048) }]);
      expect(await dirtyDays(t.pool, p.id)).to.deep.equal([at.toISOString().slice(0, 10)]);
      await rollupAll(t.pool, p.id);
      const pages = await t.pool.query<{ page_key: string }>(`select page_key from daily_page where project_id = $1`, [p.id]);
      expect(pages.rows).to.deep.equal([{ page_key: boundKey(key, 512) }]);
    } finally {
      await orm.close();
    }
  });

  it('when the migration is undone then the daily value columns have their old precision again', async () => {
    const orm = await initOrm(t.config);
    const typeOf = async () =>
      (await t.pool.query<{ t: string }>(`select format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = 'daily_slot'::regclass and attname = 'conversion_value'`)).rows[0]?.t;
    try {
      expect(await typeOf()).to.equal('numeric');
      await orm.migrator.down({ migrations: [THIS] });
      expect(await typeOf()).to.equal('numeric(20,4)');
      await orm.migrator.up({ migrations: [THIS] });
      expect(await typeOf()).to.equal('numeric');
    } finally {
      await orm.close();
    }
  });
});
