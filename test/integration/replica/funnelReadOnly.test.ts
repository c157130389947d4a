import { expect } from 'chai';
import type pg from 'pg';
import { StatsQueries } from '../../../api/stats/queries.js';
import { funnelReport, parseFunnelQuery } from '../../../api/stats/reports/funnels.js';
import type { FunnelInput, StoredFunnel } from '../../../shared/funnels/definition.js';
import type { TestEnv } from '../../helpers/services.js';
import { createProject, eachTestEnv, ev, Ingest, visitor, type TestProject } from '../rollup/helpers.js';

const SHOP = 'https://shop.example';
const DAY_MS = 86_400_000;

function funnelOf(mode: FunnelInput['mode']): StoredFunnel {
  const steps: FunnelInput['steps'] = [
    { kind: 'page', match: 'pattern', pattern: `${SHOP}/products/*` },
    { kind: 'page', match: 'exact', pattern: `${SHOP}/contact` },
  ];
  return { id: '00000000-0000-4000-8000-000000000001', name: mode, steps, unit: 'session', windowDays: 30, mode, createdAt: new Date(), updatedAt: new Date() };
}

/**
 * A hot standby runs nothing but read-only transactions; the primary, told `read only`, refuses
 * writes the same way (a temporary table included), so this shows the funnel statement fits a
 * standby without starting one. By hand: S1 products then contact 10 s later, S2 contact then
 * products, S3 products only. Ordered [3, 1] (median 10 s); unordered [3, 2].
 */
describe('funnels inside a read-only transaction on the primary', () => {
  let t: TestEnv;
  let ingest: Ingest;
  let project: TestProject;
  eachTestEnv((env) => ({ t, ingest } = env));

  beforeEach(async () => {
    project = await createProject(t.pool);
    const start = Date.now() - DAY_MS;
    const [s1, s2, s3] = [visitor(), visitor(), visitor()];
    await ingest.write(project, [
      ev.pageView(s1, start, `${SHOP}/products/shoe`),
      ev.pageView(s1, start + 10_000, `${SHOP}/contact`),
      ev.pageView(s2, start, `${SHOP}/contact`),
      ev.pageView(s2, start + 5_000, `${SHOP}/products/hat`),
      ev.pageView(s3, start, `${SHOP}/products/hat`),
    ]);
  });

  /** The report run by a StatsQueries bound to a connection whose transaction began `read only`. */
  async function inReadOnly<T>(work: (queries: StatsQueries, client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await t.pool.connect();
    try {
      await client.query('begin transaction read only');
      return await work(new StatsQueries(t.pool, client), client);
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  it('when a funnel report runs inside begin transaction read only then it answers the hand counts, ordered and unordered, and the transaction stays usable', async () => {
    const params = parseFunnelQuery({ from: new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10) }, project.timezone);
    await inReadOnly(async (queries, client) => {
      const ordered = await funnelReport(queries, project, funnelOf('ordered'), params);
      expect(ordered.steps?.map((s) => [s.count, s.medianSecondsFromPrevious])).to.deep.equal([
        [3, null],
        [1, 10],
      ]);
      const unordered = await funnelReport(queries, project, funnelOf('unordered'), { ...params, by: 'device' });
      expect(unordered.groups?.map((g) => [g.value, g.steps.map((s) => s.count)])).to.deep.equal([['desktop', [3, 2]]]);
      const state = await client.query<{ read_only: string }>('select current_setting($1) as read_only', ['transaction_read_only']);
      expect(state.rows[0]?.read_only).to.equal('on');
    });
  });
});
