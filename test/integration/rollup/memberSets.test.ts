import { expect } from 'chai';
import { StatsQueries } from '../../../api/stats/queries.js';
import { decodeSet, encodeNumbers } from '../../helpers/bitmaps.js';
import { NUMBERING, SET_KIND } from '../../../shared/sets/kinds.js';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import type { TestEnv } from '../../helpers/services.js';
import { count } from '../worker/helpers.js';
import { createProject, ev, eachTestEnv, Ingest, newSession, rollupAll, visitor, type TestProject } from './helpers.js';

/** March 2026 has ended whenever these tests run, so its rollups merge the month. */
const MARCH = '2026-03-01';

describe('rollup: member numbers and month sets', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  async function visitorsOver(p: TestProject, from: string, to: string): Promise<number> {
    const figures = await new StatsQueries(t.pool).overview({ projectId: p.id, from, to, includeBots: false }, 'USD');
    return figures.totals.distincts.visitors;
  }

  async function monthSet(p: TestProject, kind: number): Promise<number[]> {
    const { rows } = await t.pool.query<{ members: Buffer }>(
      `select members from monthly_sets where project_id = $1 and month = $2 and kind = $3 and scope = '' and not is_bot`,
      [p.id, MARCH, kind],
    );
    return rows[0] ? decodeSet(rows[0].members) : [];
  }

  /** Three visitors over March; `a` comes back on the 31st in a new session. */
  async function seedMarch(p: TestProject): Promise<void> {
    const a = visitor();
    await ingest.write(p, [
      ev.open(a, '2026-03-02T10:00:00Z'),
      ev.open(visitor(), '2026-03-15T10:00:00Z'),
      ev.open(visitor(), '2026-03-15T11:00:00Z'),
      ev.open(newSession(a), '2026-03-31T10:00:00Z'),
    ]);
    await rollupAll(t.pool, p.id);
  }

  it('when visitors come back on later days then each keeps one number, and numbers are dense from 0', async () => {
    const p = await createProject(t.pool);
    await seedMarch(p);
    const { rows } = await t.pool.query<{ kind: number; n: number }>(
      `select kind::int as kind, n from member_numbers where project_id = $1 order by kind, n`,
      [p.id],
    );
    expect(rows.filter((r) => r.kind === NUMBERING.visitor).map((r) => r.n)).to.deep.equal([0, 1, 2]);
    expect(rows.filter((r) => r.kind === NUMBERING.session).map((r) => r.n)).to.deep.equal([0, 1, 2, 3]);
  });

  it('when several days of one project are rolled up at once then no number is given twice', async () => {
    const p = await createProject(t.pool);
    const shared = visitor();
    const days = ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];
    await ingest.write(p, days.flatMap((d) => [ev.open(shared, `${d}T09:00:00Z`), ev.open(visitor(), `${d}T10:00:00Z`)]));
    await Promise.all(days.map((d) => rollupDay(t.pool, p.id, d)));
    expect(await count(t.pool, `select count(*) as n from member_numbers where project_id = $1 and kind = 1`, [p.id])).to.equal(5);
    expect(await count(t.pool, `select count(distinct n) as n from member_numbers where project_id = $1 and kind = 1`, [p.id])).to.equal(5);
    expect(await visitorsOver(p, days[0]!, days[3]!)).to.equal(5);
  });

  it('when every day of an ended month is rolled up then its merged set is the union of its days', async () => {
    const p = await createProject(t.pool);
    await seedMarch(p);
    expect(await monthSet(p, SET_KIND.visitor)).to.have.length(3);
    expect(await monthSet(p, SET_KIND.opener)).to.have.length(3);
    expect(await visitorsOver(p, MARCH, '2026-03-31')).to.equal(3);
  });

  it('when a merge is current then a whole-month range reads it, and once a day is rolled up again it is ignored', async () => {
    const p = await createProject(t.pool);
    await seedMarch(p);
    // An empty merged set stands in for a wrong one: only a range that reads it can see 0.
    const empty = encodeNumbers([]);
    await t.pool.query(`update monthly_sets set members = $2, cardinality = 0 where project_id = $1`, [p.id, empty.bytes]);
    expect(await visitorsOver(p, MARCH, '2026-03-31')).to.equal(0);
    expect(await visitorsOver(p, '2026-02-20', '2026-04-10')).to.equal(0);
    // A range that does not cover the whole month reads day sets.
    expect(await visitorsOver(p, MARCH, '2026-03-30')).to.equal(3);

    await rollupDay(t.pool, p.id, '2026-03-15', { mergeMonth: false });
    expect(await visitorsOver(p, MARCH, '2026-03-31')).to.equal(3);
    await rollupDay(t.pool, p.id, '2026-03-15');
    expect(await monthSet(p, SET_KIND.visitor)).to.have.length(3);
    expect(await visitorsOver(p, MARCH, '2026-03-31')).to.equal(3);
  });

  it('when a month ends and none of its days is rolled up again then a rollup of the next month merges it', async () => {
    const p = await createProject(t.pool); // UTC
    const today = new Date().toISOString().slice(0, 10);
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const inLastMonth = `${lastMonth.slice(0, 8)}10`;
    await ingest.write(p, [ev.open(visitor(), `${inLastMonth}T10:00:00Z`), ev.open(visitor(), `${today}T00:00:01Z`)]);
    await rollupDay(t.pool, p.id, inLastMonth, { mergeMonth: false });
    expect(await count(t.pool, `select count(*) as n from rollup_months where project_id = $1`, [p.id])).to.equal(0);
    await rollupDay(t.pool, p.id, today);
    const { rows } = await t.pool.query<{ month: string; members: Buffer }>(
      `select month::text as month, members from monthly_sets where project_id = $1 and kind = 1 and scope = '' and not is_bot`,
      [p.id],
    );
    expect(rows.map((r) => [r.month, decodeSet(r.members).length])).to.deep.equal([[lastMonth, 1]]);
  });

  it('when a late event adds a visitor to an ended month then the month is merged again with them', async () => {
    const p = await createProject(t.pool);
    await seedMarch(p);
    await ingest.write(p, [ev.open(visitor(), '2026-03-20T10:00:00Z')]);
    await rollupAll(t.pool, p.id);
    expect(await monthSet(p, SET_KIND.visitor)).to.have.length(4);
    expect(await visitorsOver(p, '2026-01-01', '2026-05-31')).to.equal(4);
  });
});
