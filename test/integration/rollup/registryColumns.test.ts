import { expect } from 'chai';
import { additiveAt } from '../../../shared/metrics/levels.js';
import { HOURLY_COLUMNS } from '../../../worker/rollup/hourlySql.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

describe('rollup: daily tables and the metric registry', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when the database is migrated then daily_project and daily_slot hold exactly the registry columns of their level', async () => {
    for (const [table, level, keys] of [
      ['daily_project', 'project', ['project_id', 'day', 'is_bot']],
      ['daily_slot', 'slot', ['project_id', 'day', 'video_id', 'slot_id', 'is_bot']],
    ] as const) {
      const { rows } = await t.pool.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = $1 order by column_name`,
        [table],
      );
      const expected = [...keys, ...additiveAt(level).map((m) => m.column)].sort();
      expect(rows.map((r) => r.column_name), table).to.deep.equal(expected);
    }
  });

  it('when the database is migrated then hourly_project holds every project-level registry column plus the hour extras', async () => {
    const { rows } = await t.pool.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'hourly_project' order by column_name`,
    );
    const expected = ['project_id', 'day', 'hour', 'is_bot', ...HOURLY_COLUMNS].sort();
    expect(rows.map((r) => r.column_name)).to.deep.equal(expected);
    expect(HOURLY_COLUMNS).to.include.members([...additiveAt('project').map((m) => m.column), 'visitors', 'openers', 'sessions_direct']);
  });
});
