import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { initOrm } from '../../../shared/db/orm.js';
import { createPool } from '../../../shared/db/pool.js';
import { REBUILD_PROJECT_SESSIONS_SQL, REBUILD_PROJECT_VISITOR_FIRSTS_SQL } from '../../../shared/sessions/rebuildSql.js';
import { EventWriter, type WriteItem } from '../../../worker/persist/eventWriter.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { insertProject } from './helpers.js';
import { BOT_UA, dirtyDays, firstRows, item, sessionRows, who, type Who } from './sessionsHelpers.js';

const TZ = 'America/New_York';
const TYPES = ['page_view', 'page_view', 'page_exit', 'impression', 'widget_open', 'click', 'custom'];

/** A deterministic mix: visitors with several sessions, ties at one instant, bots, late arrivals. */
function traffic(projectId: string, seed: number): WriteItem[] {
  let x = seed;
  const next = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor(x / 65_536) % n;
  };
  const visitors = Array.from({ length: 6 }, () => who());
  const sessions: Who[] = visitors.flatMap((v) => [v, who(v.visitorId)]);
  const items: WriteItem[] = [];
  for (let i = 0; i < 120; i++) {
    const s = sessions[next(sessions.length)]!;
    const type = TYPES[next(TYPES.length)]!;
    // Minutes around midnight New York time, several events per minute so instants collide.
    const ts = new Date(Date.parse('2026-03-01T04:30:00Z') + next(90) * 60_000).toISOString();
    const fields: Record<string, unknown> = type === 'click' ? { target: 'cta' } : type === 'custom' ? { name: 'n' } : { url: `https://shop.example/${next(4)}` };
    if (type === 'page_view' && next(2) === 0) fields.referrer = ['https://www.google.com/', 'https://t.co/a', 'https://blog.example/'][next(3)];
    if (type === 'page_exit') fields.timeOnPageMs = next(100_000);
    items.push(item(projectId, TZ, s, type, ts, fields, next(5) === 0 ? BOT_UA : undefined));
  }
  return items;
}

describe('sessions: set-based rebuild', () => {
  let t: TestEnv;
  let pool: ReturnType<typeof createPool>;
  beforeEach(async () => {
    t = await createTestEnv();
    pool = createPool(t.config, 6);
  });
  afterEach(async () => {
    await pool.end();
    await t.cleanup();
  });

  async function rebuiltEqualsWritten(projectId: string): Promise<void> {
    const written = [await sessionRows(t.pool, projectId), await firstRows(t.pool, projectId)];
    await t.pool.query(`delete from sessions where project_id = $1`, [projectId]);
    await t.pool.query(`delete from visitor_firsts where project_id = $1`, [projectId]);
    await t.pool.query(REBUILD_PROJECT_SESSIONS_SQL, [[projectId]]);
    await t.pool.query(REBUILD_PROJECT_VISITOR_FIRSTS_SQL, [[projectId]]);
    expect([await sessionRows(t.pool, projectId), await firstRows(t.pool, projectId)]).to.deep.equal(written);
    // Run again over existing rows: nothing changes.
    await t.pool.query(REBUILD_PROJECT_SESSIONS_SQL, [[projectId]]);
    expect(await sessionRows(t.pool, projectId)).to.deep.equal(written[0]);
  }

  it('when events were written in shuffled batches then the rebuild from the stored events gives the same rows', async () => {
    const projectId = await insertProject(t.pool, TZ);
    const writer = new EventWriter(pool);
    const items = traffic(projectId, 7);
    for (let i = 0; i < items.length; i += 17) await writer.write(items.slice(i, i + 17).reverse());
    expect((await sessionRows(t.pool, projectId)).length).to.be.greaterThan(5);
    await rebuiltEqualsWritten(projectId);
  });

  it('when two writers store overlapping batches of the same sessions at once then neither deadlocks and the rows equal the rebuild', async () => {
    const projectId = await insertProject(t.pool, TZ);
    const writers = [new EventWriter(pool), new EventWriter(pool)];
    const items = traffic(projectId, 11);
    // Each writer gets every other chunk, one in order and one reversed, plus a shared overlap
    // (its second copy is a duplicate and must add nothing).
    const chunks = Array.from({ length: 8 }, (_, i) => items.slice(i * 15, i * 15 + 15));
    const overlap = items.slice(0, 10);
    await Promise.all([
      (async () => {
        for (const c of [...chunks.filter((_, i) => i % 2 === 0), overlap]) await writers[0]!.write(c);
      })(),
      (async () => {
        for (const c of [overlap, ...chunks.filter((_, i) => i % 2 === 1).reverse()]) await writers[1]!.write([...c].reverse());
      })(),
    ]);
    const { rows } = await t.pool.query<{ n: number }>(`select sum(events)::int as n from sessions where project_id = $1`, [projectId]);
    expect(rows[0]?.n).to.equal(items.length);
    await rebuiltEqualsWritten(projectId);
  });

  it('when a project has no events then the rebuild adds nothing', async () => {
    const projectId = randomUUID();
    await t.pool.query(REBUILD_PROJECT_SESSIONS_SQL, [[projectId]]);
    expect(await sessionRows(t.pool, projectId)).to.deep.equal([]);
  });

  it('when events were stored before the writer kept sessions then the backfill migration builds the same rows, fills the referrer source and re-marks rolled-up days', async () => {
    const projectId = await insertProject(t.pool, TZ);
    const writer = new EventWriter(pool);
    const items = traffic(projectId, 23);
    for (let i = 0; i < items.length; i += 40) await writer.write(items.slice(i, i + 40));
    const written = [await sessionRows(t.pool, projectId), await firstRows(t.pool, projectId)];
    const sources = await t.pool.query(`select event_id, referrer_source from events where project_id = $1 order by event_id`, [projectId]);
    expect(sources.rows.filter((r: { referrer_source: string | null }) => r.referrer_source === 'search')).to.not.be.empty;

    const orm = await initOrm(t.config);
    try {
      await orm.migrator.down({ migrations: ['Migration20261207101000_sessionsBackfill'] });
      // As stored before: no sessions, no visitor firsts, no referrer source; one day rolled up.
      await t.pool.query(`delete from sessions; delete from visitor_firsts; delete from dirty_days;
        update events set referrer_source = null;
        insert into rollup_days (project_id, day, seq) values ('${projectId}', '2026-02-28', 1);`);
      await orm.migrator.up({ migrations: ['Migration20261207101000_sessionsBackfill'] });
    } finally {
      await orm.close();
    }
    expect([await sessionRows(t.pool, projectId), await firstRows(t.pool, projectId)]).to.deep.equal(written);
    const after = await t.pool.query(`select event_id, referrer_source from events where project_id = $1 order by event_id`, [projectId]);
    expect(after.rows).to.deep.equal(sources.rows);
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-02-28']);
  });
});
