import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import type { TestEnv } from '../../helpers/services.js';
import { count } from '../worker/helpers.js';
import { createProject, dirtyDays, ev, eachTestEnv, Ingest, members, projectDay, rollupAll, slots, visitor } from './helpers.js';

describe('rollup: play facts at ingest', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  it('when a play is resumed, resent and repeated in one batch then it is one play on the day of its earliest video_play', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    const play = randomUUID();
    const first = ev.play(v, '2026-03-10T10:00:00Z', play);
    // Same batch: the first start, a resume (same playId) and a resend of the first (same event id).
    const r = await ingest.write(p, [ev.play(v, '2026-03-10T10:05:00Z', play), first, { ...first }]);
    expect(r).to.deep.equal({ inserted: 2, duplicates: 1, erased: 0 });
    // Another batch: another resume, and the first event again.
    await ingest.write(p, [ev.play(v, '2026-03-10T11:00:00Z', play), first]);
    expect(await count(t.pool, `select count(*) as n from plays`)).to.equal(1);
    expect(await count(t.pool, `select extract(epoch from first_at) * 1000 as n from plays`)).to.equal(Date.parse('2026-03-10T10:00:00Z'));

    await rollupAll(t.pool);
    expect((await slots(t.pool, p.id, '2026-03-10'))['v1/s1']?.plays).to.equal(1);
    expect((await projectDay(t.pool, p.id, '2026-03-10'))?.plays).to.equal(1);
    expect(await members(t.pool, p.id, '2026-03-10', 3)).to.deep.equal([v.visitorId]);
    expect(await members(t.pool, p.id, '2026-03-10', 3, 'v:v1')).to.deep.equal([v.visitorId]);
    expect(await members(t.pool, p.id, '2026-03-10', 3, 's:v1\u001fs1')).to.deep.equal([v.visitorId]);
  });

  it('when a later-arriving video_play moves a play to an earlier day then the old day is re-dirtied and loses it', async () => {
    const p = await createProject(t.pool, { timezone: 'Asia/Tokyo' });
    const v = visitor();
    const play = randomUUID();
    await ingest.write(p, [ev.play(v, '2026-03-12T03:00:00Z', play, 'v1', 's2')]);
    await rollupAll(t.pool);
    expect((await slots(t.pool, p.id, '2026-03-12'))['v1/s2']?.plays).to.equal(1);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);

    // The same play's first start arrives late: 2026-03-11 23:30 in Tokyo, from another slot.
    await ingest.write(p, [ev.play(v, '2026-03-11T14:30:00Z', play, 'v1', 's1')]);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-11', '2026-03-12']);
    await rollupAll(t.pool);
    expect(await slots(t.pool, p.id, '2026-03-11')).to.have.nested.property('v1/s1.plays', 1);
    expect(await slots(t.pool, p.id, '2026-03-12')).to.deep.equal({});
    expect(await members(t.pool, p.id, '2026-03-11', 3)).to.deep.equal([v.visitorId]);
    expect(await members(t.pool, p.id, '2026-03-12', 3)).to.deep.equal([]);
    // Visitors and sessions follow the events, which stay on both days.
    expect(await members(t.pool, p.id, '2026-03-12', 1)).to.deep.equal([v.visitorId]);

    // An even later start that is not earlier changes no play: it dirties its own day, and the
    // day its session started on, whose duration it lengthens.
    await ingest.write(p, [ev.play(v, '2026-03-13T00:00:00Z', play)]);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-11', '2026-03-13']);
  });

  it('when milestones are crossed twice, re-crossed after a seek and arrive late then each counts once on its earliest day', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    const play = randomUUID();
    await ingest.write(p, [
      ev.play(v, '2026-03-10T23:50:00Z', play),
      ev.progress(v, '2026-03-10T23:51:00Z', play, 25),
      ev.progress(v, '2026-03-10T23:52:00Z', play, 25), // re-crossed after a seek back
      ev.progress(v, '2026-03-11T00:01:00Z', play, 50),
    ]);
    await ingest.write(p, [ev.progress(v, '2026-03-11T00:05:00Z', play, 25), ev.progress(v, '2026-03-11T00:06:00Z', play, 100)]);
    await rollupAll(t.pool);
    expect(await slots(t.pool, p.id, '2026-03-10')).to.deep.include({
      'v1/s1': { plays: 1, reach25: 1, reach50: 0, reach75: 0, reach100: 0, watchSeconds: 0, ctaClicks: 0, detailClicks: 0, choiceClicks: 0, conversions: 0, conversionValue: 0 },
    });
    expect(await slots(t.pool, p.id, '2026-03-11')).to.have.nested.property('v1/s1.reach50', 1);
    expect(await slots(t.pool, p.id, '2026-03-11')).to.have.nested.property('v1/s1.reach25', 0);
    expect(await slots(t.pool, p.id, '2026-03-11')).to.have.nested.property('v1/s1.reach100', 1);

    // A late 50 % from before midnight moves that milestone to the 10th; the 11th is re-dirtied.
    await ingest.write(p, [ev.progress(v, '2026-03-10T23:59:00Z', play, 50)]);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-10', '2026-03-11']);
    await rollupAll(t.pool);
    expect(await slots(t.pool, p.id, '2026-03-10')).to.have.nested.property('v1/s1.reach50', 1);
    expect(await slots(t.pool, p.id, '2026-03-11')).to.have.nested.property('v1/s1.reach50', 0);
    expect(await count(t.pool, `select count(*) as n from play_milestones`)).to.equal(3);
  });

  it('when another writer inserts the same play concurrently with a later start then the write that moves it re-dirties that later day', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    const play = randomUUID();
    // Stand-in for a concurrent writer's open transaction that has just inserted the play (on the 12th).
    const other = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(
        `insert into plays (project_id, play_id, first_at, visitor_id, session_id, video_id, slot_id, is_bot)
         values ($1, $2, '2026-03-12T10:00:00Z', $3, $4, 'v1', 's1', false)`,
        [p.id, play, v.visitorId, v.sessionId],
      );
      const writing = ingest.write(p, [ev.play(v, '2026-03-11T10:00:00Z', play)]);
      await new Promise((r) => setTimeout(r, 200));
      await other.query('commit');
      await writing;
    } finally {
      await other.end();
    }
    // Its insert waited for the other writer's row, then it locked that row and read the day it replaced.
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal(['2026-03-11', '2026-03-12']);
    expect(await count(t.pool, `select extract(epoch from first_at) * 1000 as n from plays`)).to.equal(Date.parse('2026-03-11T10:00:00Z'));
  });

  it('when several writers store overlapping plays and milestones at once then none deadlocks and each fact ends on its earliest day', async () => {
    const p = await createProject(t.pool);
    const plays = Array.from({ length: 40 }, () => ({ id: randomUUID(), v: visitor() }));
    const base = Date.parse('2026-03-01T12:00:00Z');
    // Every writer sends every play and milestone, each at its own random day, in its own order.
    const batches = Array.from({ length: 6 }, () =>
      plays
        .flatMap(({ id, v }) => [
          ev.play(v, base + Math.floor(Math.random() * 10) * 86_400_000, id),
          ev.progress(v, base + Math.floor(Math.random() * 10) * 86_400_000 + 1000, id, 50),
        ])
        .sort(() => Math.random() - 0.5),
    );
    const pool = new pg.Pool({ connectionString: t.env.DATABASE_URL, max: 8 });
    try {
      const writers = batches.map(() => new Ingest(pool));
      await Promise.all(batches.map((b, i) => writers[i]!.write(p, b)));
    } finally {
      await pool.end();
    }
    const earliest = new Map<string, number>();
    for (const e of batches.flat()) {
      const k = `${String(e.playId)}/${String(e.type)}`;
      earliest.set(k, Math.min(earliest.get(k) ?? Infinity, e.ts));
    }
    const stored = await t.pool.query<{ k: string; ms: string }>(
      `select play_id || '/video_play' as k, (extract(epoch from first_at) * 1000)::bigint::text as ms from plays
       union all select play_id || '/video_progress', (extract(epoch from first_at) * 1000)::bigint::text from play_milestones`,
    );
    expect(new Map(stored.rows.map((r) => [r.k, Number(r.ms)]))).to.deep.equal(earliest);

    await rollupAll(t.pool);
    const perDay = await t.pool.query<{ day: string; plays: number; reach50: number }>(
      `select day::text, plays::int, reach50::int from daily_project where project_id = $1 and not is_bot order by day`,
      [p.id],
    );
    const expected = new Map<string, { plays: number; reach50: number }>();
    for (const [k, ms] of earliest) {
      const day = new Date(ms).toISOString().slice(0, 10);
      const f = expected.get(day) ?? { plays: 0, reach50: 0 };
      if (k.endsWith('/video_play')) f.plays++;
      else f.reach50++;
      expected.set(day, f);
    }
    expect(perDay.rows.filter((r) => r.plays > 0 || r.reach50 > 0)).to.deep.equal(
      [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, f]) => ({ day, ...f })),
    );
  });

  it('when a play starts from a bot then it is counted in the bot rows only', async () => {
    const p = await createProject(t.pool);
    const v = visitor();
    await ingest.write(p, [ev.play(v, '2026-03-10T10:00:00Z', randomUUID())], { userAgent: 'curl/8.5.0' });
    await ingest.write(p, [ev.play(visitor(), '2026-03-10T10:00:00Z', randomUUID())]);
    await rollupDay(t.pool, p.id, '2026-03-10');
    expect((await slots(t.pool, p.id, '2026-03-10', true))['v1/s1']?.plays).to.equal(1);
    expect((await slots(t.pool, p.id, '2026-03-10', false))['v1/s1']?.plays).to.equal(1);
    expect(await members(t.pool, p.id, '2026-03-10', 3, '', true)).to.deep.equal([v.visitorId]);
  });
});
