import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import { SET_KIND } from '../../../shared/sets/kinds.js';
import { LOCK_SQL, UNLOCK_SQL } from '../../../worker/rollup/sql.js';
import type { TestEnv } from '../../helpers/services.js';
import { count } from '../worker/helpers.js';
import { BOT_UA, createProject, dirtyDays, dumpDaily, ev, eachTestEnv, Ingest, members, projectDay, rollupAll, slots, visitor, type TestProject } from './helpers.js';

const DAY = '2026-03-10';

describe('rollup: rollupDay', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  /** A small day: two visitors, two slots, every event type the rollup reads, and a bot. */
  async function seedDay(p: TestProject) {
    const a = visitor();
    const b = visitor();
    const bot = visitor();
    const pa = randomUUID();
    const pb = randomUUID();
    await ingest.write(p, [
      ev.impression(a, `${DAY}T09:00:00Z`),
      ev.impression(b, `${DAY}T09:00:00Z`),
      ev.open(a, `${DAY}T09:01:00Z`, 'https://Shop.example/p?x=1'),
      ev.open(b, `${DAY}T09:01:00Z`, 'https://shop.example/q'),
      ev.play(a, `${DAY}T09:02:00Z`, pa, 'v1', 's1'),
      ev.progress(a, `${DAY}T09:03:00Z`, pa, 25, 'v1', 's1'),
      ev.time(a, `${DAY}T09:03:00Z`, pa, 10.5, 'v1', 's1'),
      ev.time(a, `${DAY}T09:04:00Z`, pa, 4.25, 'v1', 's1'),
      ev.click(a, `${DAY}T09:04:00Z`, 'choice', 'v1', 's1', 's2'),
      ev.play(a, `${DAY}T09:05:00Z`, randomUUID(), 'v1', 's2'),
      ev.play(b, `${DAY}T09:05:00Z`, pb, 'v2', 's3'),
      ev.click(b, `${DAY}T09:06:00Z`, 'cta', 'v2', 's3'),
      ev.click(b, `${DAY}T09:07:00Z`, 'detail', 'v2', 's3'),
      ev.progress(b, `${DAY}T09:08:00Z`, pb, 100, 'v2', 's3'),
    ]);
    await ingest.write(p, [ev.impression(bot, `${DAY}T10:00:00Z`), ev.play(bot, `${DAY}T10:00:00Z`, randomUUID(), 'v2', 's3')], { userAgent: BOT_UA });
    return { a, b, bot };
  }

  it('when a day is rolled up then every daily table holds its figures, bots apart, and the project row sums the slots', async () => {
    const p = await createProject(t.pool);
    const { a, b, bot } = await seedDay(p);
    const { seq } = await rollupDay(t.pool, p.id, DAY);
    expect(seq).to.be.greaterThan(0);

    const zero = { plays: 0, reach25: 0, reach50: 0, reach75: 0, reach100: 0, watchSeconds: 0, ctaClicks: 0, detailClicks: 0, choiceClicks: 0, conversions: 0, conversionValue: 0 };
    expect(await slots(t.pool, p.id, DAY)).to.deep.equal({
      'v1/s1': { ...zero, plays: 1, reach25: 1, watchSeconds: 14.75, choiceClicks: 1 },
      'v1/s2': { ...zero, plays: 1 },
      'v2/s3': { ...zero, plays: 1, reach100: 1, ctaClicks: 1, detailClicks: 1 },
    });
    expect(await slots(t.pool, p.id, DAY, true)).to.deep.equal({ 'v2/s3': { ...zero, plays: 1 } });
    expect(await projectDay(t.pool, p.id, DAY)).to.deep.equal({
      ...zero, impressions: 2, opens: 2, plays: 3, reach25: 1, reach100: 1, watchSeconds: 14.75, ctaClicks: 1, detailClicks: 1, choiceClicks: 1,
    });
    expect(await projectDay(t.pool, p.id, DAY, true)).to.deep.equal({ ...zero, impressions: 1, opens: 0, plays: 1 });

    const additive = ['plays', 'reach25', 'reach50', 'reach75', 'reach100', 'watch_seconds', 'cta_clicks', 'detail_clicks', 'choice_clicks', 'conversions', 'conversion_value'];
    const mismatches = await count(
      t.pool,
      `select count(*) as n from daily_project dp
       left join (select is_bot, ${additive.map((c) => `sum(${c}) as ${c}`).join(', ')} from daily_slot where project_id = $1 and day = $2 group by is_bot) s using (is_bot)
       where dp.project_id = $1 and dp.day = $2 and (${additive.map((c) => `dp.${c} is distinct from coalesce(s.${c}, 0)`).join(' or ')})`,
      [p.id, DAY],
    );
    expect(mismatches).to.equal(0);

    // Interactions: opens and clicks at project level; a slot's clicks.
    const interactions = await t.pool.query(
      `select 'project' as k, interactions::int as n from daily_project where project_id = $1 and day = $2 and not is_bot
       union all select video_id || '/' || slot_id, interactions::int from daily_slot where project_id = $1 and day = $2 and not is_bot order by 1`,
      [p.id, DAY],
    );
    expect(interactions.rows).to.deep.equal([
      { k: 'project', n: 2 + 3 },
      { k: 'v1/s1', n: 1 },
      { k: 'v1/s2', n: 0 },
      { k: 'v2/s3', n: 2 },
    ]);

    const pages = await t.pool.query(`select page_key, is_bot, opens::int from daily_page where project_id = $1 and day = $2 order by 1`, [p.id, DAY]);
    expect(pages.rows).to.deep.equal([
      { page_key: 'https://shop.example/p', is_bot: false, opens: 1 },
      { page_key: 'https://shop.example/q', is_bot: false, opens: 1 },
    ]);
    const transitions = await t.pool.query(`select from_slot_id, to_slot_id, is_bot, count::int from daily_transitions where project_id = $1 and day = $2`, [p.id, DAY]);
    expect(transitions.rows).to.deep.equal([{ from_slot_id: 's1', to_slot_id: 's2', is_bot: false, count: 1 }]);

    const sorted = (...ids: string[]) => [...ids].sort();
    expect(await members(t.pool, p.id, DAY, 1)).to.deep.equal(sorted(a.visitorId, b.visitorId));
    expect(await members(t.pool, p.id, DAY, 1, '', true)).to.deep.equal([bot.visitorId]);
    expect(await members(t.pool, p.id, DAY, 3)).to.deep.equal(sorted(a.visitorId, b.visitorId));
    expect(await members(t.pool, p.id, DAY, 3, 'v:v1')).to.deep.equal([a.visitorId]);
    expect(await members(t.pool, p.id, DAY, 3, 's:v1\u001fs2')).to.deep.equal([a.visitorId]);
    expect(await members(t.pool, p.id, DAY, 3, 's:v2\u001fs3', true)).to.deep.equal([bot.visitorId]);
    expect(await members(t.pool, p.id, DAY, 4, 'https://shop.example/p')).to.deep.equal([a.visitorId]);
    expect(await members(t.pool, p.id, DAY, SET_KIND.opener)).to.deep.equal(sorted(a.visitorId, b.visitorId));
    expect(await members(t.pool, p.id, DAY, SET_KIND.impressed)).to.deep.equal(sorted(a.visitorId, b.visitorId));
    expect(await members(t.pool, p.id, DAY, SET_KIND.impressed, '', true)).to.deep.equal([bot.visitorId]);
    // visitors 2 + 1 bot, viewers: project 2 + 1, v1 1, v2 1 + 1, v1/s1 1, v1/s2 1, v2/s3 1 + 1, pages 2, openers 2,
    // impressed 2 + 1 (sessions are summed per start day now, not kept as sets). Breakdown scopes (b:, vb:) are the breakdown tests'.
    expect(await count(t.pool, `select sum(cardinality) as n from daily_sets where project_id = $1 and scope not like 'b:%' and scope not like 'vb:%'`, [p.id])).to.equal(3 + 10 + 2 + 2 + 3);
  });

  it('when a day is rolled up twice then the rows are the same, the stamp grows and the dirty mark is gone', async () => {
    const p = await createProject(t.pool);
    await seedDay(p);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([DAY]);
    const first = await rollupDay(t.pool, p.id, DAY);
    const rows = await dumpDaily(t.pool, p.id);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);
    const second = await rollupDay(t.pool, p.id, DAY);
    expect(await dumpDaily(t.pool, p.id)).to.deep.equal(rows);
    expect(second.seq).to.be.greaterThan(first.seq);
    expect(await count(t.pool, `select seq as n from rollup_days where project_id = $1 and day = $2`, [p.id, DAY])).to.equal(second.seq);
  });

  it('when two rollups of the same day run at once then the figures are not doubled', async () => {
    const p = await createProject(t.pool);
    await seedDay(p);
    const pool = new pg.Pool({ connectionString: t.env.DATABASE_URL, max: 6 });
    try {
      const results = await Promise.all([0, 1, 2, 3].map(() => rollupDay(pool, p.id, DAY)));
      expect(new Set(results.map((r) => r.seq)).size).to.equal(4);
    } finally {
      await pool.end();
    }
    expect((await projectDay(t.pool, p.id, DAY))?.plays).to.equal(3);
    expect(await count(t.pool, `select count(*) as n from daily_slot where project_id = $1`, [p.id])).to.equal(4);
  });

  it("when a rollup waits for the project's rollup lock then it works from rows committed before it got the lock and leaves a newer mark", async () => {
    const p = await createProject(t.pool);
    await ingest.write(p, [ev.play(visitor(), `${DAY}T09:00:00Z`, randomUUID())]);
    const holder = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(LOCK_SQL, [p.id]);
      const waiting = rollupDay(t.pool, p.id, DAY);
      await new Promise((r) => setTimeout(r, 200));
      // Stored while the rollup waits: it must be in the figures (the snapshot is taken after the lock).
      await ingest.write(p, [ev.play(visitor(), `${DAY}T10:00:00Z`, randomUUID())]);
      const markBefore = await count(t.pool, `select seq as n from dirty_days where project_id = $1`, [p.id]);
      await holder.query(UNLOCK_SQL, [p.id]);
      await waiting;
      expect((await projectDay(t.pool, p.id, DAY))?.plays).to.equal(2);
      // The mark it read before waiting was replaced by the later write, so it stays for the next run.
      expect(await count(t.pool, `select seq as n from dirty_days where project_id = $1`, [p.id])).to.equal(markBefore);
    } finally {
      await holder.end();
    }
    await rollupAll(t.pool);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);
  });

  it('when the project does not exist then its rows for the day are removed and its mark cleared', async () => {
    const p = { id: randomUUID(), timezone: 'UTC' };
    await ingest.write(p, [ev.impression(visitor(), `${DAY}T09:00:00Z`)]);
    expect(await rollupDay(t.pool, p.id, DAY)).to.deep.equal({ seq: 0 });
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);
  });

  it('when the arguments are not a project id and a day then it throws before touching anything', async () => {
    const err = await rollupDay(t.pool, 'nope', DAY).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(RangeError);
    const err2 = await rollupDay(t.pool, randomUUID(), '2026-02-30').catch((e: unknown) => e);
    expect(err2).to.be.instanceOf(RangeError);
  });
});
