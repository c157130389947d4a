import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { initOrm } from '../../../shared/db/orm.js';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { createProject, dirtyDays } from '../rollup/helpers.js';

const THIS = 'Migration20261211100000_playback';

describe('migration: playback quality', () => {
  let t: TestEnv;
  beforeEach(async () => {
    t = await createTestEnv();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const columns = async () =>
    (await t.pool.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'events' and column_name in ('startup_ms', 'stall_ms', 'fatal') order by 1`)).rows.map((r) => r.column_name);
  const hasTable = async () => (await t.pool.query(`select 1 from information_schema.tables where table_name = 'daily_playback'`)).rowCount === 1;

  it('when it is taken down then the table and columns go, and up again they return without marking any day', async () => {
    const orm = await initOrm(t.config);
    try {
      await orm.migrator.down({ migrations: [THIS] });
      expect(await columns()).to.deep.equal([]);
      expect(await hasTable()).to.equal(false);
      const p = await createProject(t.pool);
      const at = '2026-03-01T10:00:00Z';
      const playId = randomUUID();
      const insert = `insert into events (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, play_id, video_id, slot_id, seconds)
        values ($1, $2, $3, $4, $4, $4, $5, $6, $7, 'intro', 'home', $8)`;
      const [visitor, session] = [randomUUID(), randomUUID()];
      await t.pool.query(insert, [p.id, randomUUID(), 'video_play', at, visitor, session, playId, null]);
      // The writer's fact for that play, as it kept it before this migration.
      await t.pool.query(`insert into plays (project_id, play_id, first_at, visitor_id, session_id, video_id, slot_id, is_bot) values ($1, $2, $3, $4, $5, 'intro', 'home', false)`, [
        p.id,
        playId,
        at,
        visitor,
        session,
      ]);
      await t.pool.query(insert, [p.id, randomUUID(), 'video_time', '2026-03-01T10:00:12Z', visitor, session, playId, 12]);

      await orm.migrator.up({ migrations: [THIS] });
      expect(await columns()).to.deep.equal(['fatal', 'stall_ms', 'startup_ms']);
      expect(await hasTable()).to.equal(true);
      // No backfill: nothing is marked; an old day gets its playback rows when it is rolled up again.
      expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);

      await rollupDay(t.pool, p.id, '2026-03-01');
      const { rows } = await t.pool.query(
        `select views::int, started::int, startup_hist, exits_before_start::int, watch_seconds from daily_playback where project_id = $1`,
        [p.id],
      );
      // An old tracker's play is a view, started, without a startup time.
      expect(rows).to.deep.equal([{ views: 1, started: 1, startup_hist: Array(12).fill('0'), exits_before_start: 0, watch_seconds: 12 }]);
    } finally {
      await orm.close();
    }
  });
});
