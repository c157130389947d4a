import { expect } from 'chai';
import { additiveAt } from '../../../shared/metrics/levels.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

describe('rollup: breakdown tables and the metric registry', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  it('when the database is migrated then daily_breakdown and daily_video_breakdown hold exactly the registry columns of their level', async () => {
    for (const [table, level, keys] of [
      ['daily_breakdown', 'project', ['project_id', 'day', 'dim', 'value', 'is_bot', 'latitude', 'longitude']],
      ['daily_video_breakdown', 'slot', ['project_id', 'day', 'dim', 'value', 'video_id', 'is_bot']],
    ] as const) {
      const { rows } = await t.pool.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_name = $1 order by column_name`,
        [table],
      );
      const expected = [...keys, ...additiveAt(level).map((m) => m.column)].sort();
      expect(rows.map((r) => r.column_name), table).to.deep.equal(expected);
      for (const m of additiveAt(level)) {
        expect(rows.find((r) => r.column_name === m.column)?.data_type, `${table}.${m.column}`).to.equal(m.sqlType);
      }
    }
  });
});
