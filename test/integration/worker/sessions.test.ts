import { expect } from 'chai';
import { createPool } from '../../../shared/db/pool.js';
import { EventWriter } from '../../../worker/persist/eventWriter.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { insertProject } from './helpers.js';
import { BOT_UA, clearDirty, dirtyDays, firstRows, item, sessionRows, who } from './sessionsHelpers.js';

const PAGE = (path: string, extra: Record<string, unknown> = {}) => ({ url: `https://shop.example${path}`, ...extra });

describe('persist: sessions at write time', () => {
  let t: TestEnv;
  let writer: EventWriter;
  let pool: ReturnType<typeof createPool>;
  let projectId: string;
  const TZ = 'Asia/Tokyo';
  beforeEach(async () => {
    t = await createTestEnv();
    pool = createPool(t.config, 4);
    writer = new EventWriter(pool);
    projectId = await insertProject(t.pool, TZ);
  });
  afterEach(async () => {
    await pool.end();
    await t.cleanup();
  });

  const it_ = (w = who()) => ({
    w,
    ev: (type: string, ts: string, fields: Record<string, unknown> = {}, ua?: string) => item(projectId, TZ, w, type, ts, fields, ua),
  });

  it('when a session has one page view then its row has duration 0, one page view, no interaction and the entry attributes', async () => {
    const s = it_();
    const pv = s.ev('page_view', '2026-02-28T10:00:00Z', PAGE('/a?utm_source=news&utm_medium=email', { referrer: 'https://www.bing.com/search?q=x' }));
    await writer.write([pv]);
    const [row] = await sessionRows(t.pool, projectId);
    expect(row).to.deep.include({
      session_id: s.w.sessionId,
      visitor_id: s.w.visitorId,
      started_at: new Date('2026-02-28T10:00:00Z'),
      ended_at: new Date('2026-02-28T10:00:00Z'),
      events: 1,
      pageviews: 1,
      interacted: false,
      is_bot: false,
      entry_rank: 0,
      entry_event: pv.row.event_id,
      entry_page: 'https://shop.example/a',
      referrer_class: 'search',
      referrer_host: 'www.bing.com',
      utm_source: 'news',
      utm_medium: 'email',
      browser: 'Chrome',
      device: 'desktop',
      country: 'JP',
      exit_event: pv.row.event_id,
      exit_page: 'https://shop.example/a',
    });
    expect(await firstRows(t.pool, projectId)).to.deep.equal([
      {
        project_id: projectId,
        visitor_id: s.w.visitorId,
        first_at: new Date('2026-02-28T10:00:00Z'),
        session_id: s.w.sessionId,
        is_bot: false,
        first_event: pv.row.event_id,
      },
    ]);
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-02-28']);
  });

  it('when a bounce gets a widget_open then it is interacted, but an impression or a page_exit leaves it a bounce', async () => {
    const a = it_();
    const b = it_();
    await writer.write([a.ev('page_view', '2026-02-28T10:00:00Z', PAGE('/a')), b.ev('page_view', '2026-02-28T10:00:00Z', PAGE('/a'))]);
    await writer.write([
      a.ev('widget_open', '2026-02-28T10:01:00Z', PAGE('/a')),
      b.ev('impression', '2026-02-28T10:01:00Z', PAGE('/a')),
      b.ev('page_exit', '2026-02-28T10:02:00Z', PAGE('/a', { timeOnPageMs: 120_000 })),
    ]);
    const rows = await sessionRows(t.pool, projectId);
    const by = new Map(rows.map((r) => [r.session_id, r]));
    expect(by.get(a.w.sessionId)).to.deep.include({ events: 2, pageviews: 1, interacted: true, ended_at: new Date('2026-02-28T10:01:00Z') });
    expect(by.get(b.w.sessionId)).to.deep.include({ events: 3, pageviews: 1, interacted: false, ended_at: new Date('2026-02-28T10:02:00Z') });
  });

  it('when the second page of a session crossing midnight arrives late and earlier then the start moves, both start days are marked and the exit is the later page', async () => {
    const s = it_();
    // 23:50 and 00:20 Tokyo time; the 00:20 page arrives first.
    const late = s.ev('page_view', '2026-02-28T14:50:00Z', PAGE('/first'));
    const second = s.ev('page_view', '2026-02-28T15:20:00Z', PAGE('/second'));
    await writer.write([second]);
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-03-01']);
    await clearDirty(t.pool);
    await writer.write([late]);
    const [row] = await sessionRows(t.pool, projectId);
    expect(row).to.deep.include({
      started_at: new Date('2026-02-28T14:50:00Z'),
      ended_at: new Date('2026-02-28T15:20:00Z'),
      pageviews: 2,
      entry_event: late.row.event_id,
      entry_page: 'https://shop.example/first',
      exit_event: second.row.event_id,
      exit_page: 'https://shop.example/second',
    });
    // The new start day, and the old one, which lost the session.
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-02-28', '2026-03-01']);
  });

  it('when a late page view arrives in a session that started two days before then the days between are marked too', async () => {
    const s = it_();
    await writer.write([s.ev('page_view', '2026-02-25T23:00:00Z', PAGE('/a'))]);
    await clearDirty(t.pool);
    await writer.write([s.ev('page_view', '2026-02-27T16:00:00Z', PAGE('/b'))]);
    // Tokyo days: start 02-26, event 02-28; 02-27 may hold a page view whose time on page changed.
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-02-26', '2026-02-27', '2026-02-28']);
  });

  it('when the same batch is written twice then nothing changes', async () => {
    const s = it_();
    const batch = [s.ev('page_view', '2026-02-28T10:00:00Z', PAGE('/a')), s.ev('click', '2026-02-28T10:00:05Z', { target: 'cta' })];
    await writer.write(batch);
    const before = [await sessionRows(t.pool, projectId), await firstRows(t.pool, projectId)];
    await writer.write(batch);
    expect([await sessionRows(t.pool, projectId), await firstRows(t.pool, projectId)]).to.deep.equal(before);
    expect(before[0]?.[0]).to.deep.include({ events: 2, pageviews: 1, interacted: true });
  });

  it('when every event of a session is a bot\'s then it is a bot session, and one browser event makes it not', async () => {
    const bot = it_();
    const mixed = it_();
    await writer.write([
      bot.ev('page_view', '2026-02-28T10:00:00Z', PAGE('/a'), BOT_UA),
      bot.ev('page_view', '2026-02-28T10:00:01Z', PAGE('/b'), BOT_UA),
      mixed.ev('page_view', '2026-02-28T10:00:00Z', PAGE('/a'), BOT_UA),
    ]);
    await writer.write([mixed.ev('impression', '2026-02-28T10:00:02Z', PAGE('/a'))]);
    const by = new Map((await sessionRows(t.pool, projectId)).map((r) => [r.session_id, r.is_bot]));
    expect(by.get(bot.w.sessionId)).to.equal(true);
    expect(by.get(mixed.w.sessionId)).to.equal(false);
  });

  it('when a visitor\'s earlier session arrives late then it becomes their first session and the old first session\'s day is marked', async () => {
    const v = who();
    const later = { visitorId: v.visitorId, sessionId: v.sessionId };
    const earlier = who(v.visitorId);
    await writer.write([item(projectId, TZ, later, 'page_view', '2026-02-27T03:00:00Z', PAGE('/b'))]);
    await clearDirty(t.pool);
    const first = item(projectId, TZ, earlier, 'page_view', '2026-02-25T03:00:00Z', PAGE('/a'));
    await writer.write([first]);
    expect(await firstRows(t.pool, projectId)).to.deep.equal([
      {
        project_id: projectId,
        visitor_id: v.visitorId,
        first_at: new Date('2026-02-25T03:00:00Z'),
        session_id: earlier.sessionId,
        is_bot: false,
        first_event: first.row.event_id,
      },
    ]);
    // 02-25 for the new first session, 02-27 because its session became a returning one.
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-02-25', '2026-02-27']);
    // A later event of the visitor changes no first session and marks no other day.
    await clearDirty(t.pool);
    await writer.write([item(projectId, TZ, later, 'impression', '2026-02-27T03:05:00Z', PAGE('/b'))]);
    expect(await dirtyDays(t.pool, projectId)).to.deep.equal(['2026-02-27']);
  });

  it('when the same events arrive in batches of different orders then the rows are identical', async () => {
    const v = who();
    const w = who(v.visitorId);
    const events = [
      item(projectId, TZ, v, 'impression', '2026-02-28T09:59:00Z', PAGE('/a')),
      item(projectId, TZ, v, 'page_view', '2026-02-28T10:00:00Z', PAGE('/a', { referrer: 'https://t.co/x' })),
      item(projectId, TZ, v, 'page_view', '2026-02-28T10:00:00Z', PAGE('/b', { referrer: 'https://www.google.com/' })),
      item(projectId, TZ, v, 'page_exit', '2026-02-28T10:05:00Z', PAGE('/b', { timeOnPageMs: 300_000 })),
      item(projectId, TZ, v, 'page_view', '2026-02-28T10:07:00Z', PAGE('/c')),
      item(projectId, TZ, v, 'widget_open', '2026-02-28T10:08:00Z', PAGE('/c')),
      item(projectId, TZ, w, 'page_view', '2026-02-28T09:00:00Z', PAGE('/z'), BOT_UA),
      item(projectId, TZ, w, 'page_view', '2026-02-28T09:00:00Z', PAGE('/y')),
    ];
    const snapshot = async () => ({
      sessions: (await sessionRows(t.pool, projectId)).map(({ project_id: _p, ...r }) => r),
      firsts: (await firstRows(t.pool, projectId)).map(({ project_id: _p, ...r }) => r),
    });
    let reference: Awaited<ReturnType<typeof snapshot>> | undefined;
    for (const order of [[0, 1, 2, 3, 4, 5, 6, 7], [7, 5, 3, 1, 6, 4, 2, 0], [2, 6, 0, 4, 1, 7, 3, 5]]) {
      await t.pool.query(`truncate sessions, visitor_firsts, events, event_ids, dirty_days`);
      const batches = [order.slice(0, 3), order.slice(3, 5), order.slice(5)];
      for (const b of batches) await writer.write(b.map((i) => events[i]!));
      const got = await snapshot();
      if (order[0] === 0) {
        const [s1, s2] = [v, w].map((x) => got.sessions.find((r) => r.session_id === x.sessionId));
        // Two page views at 10:00: the smaller event id enters; the latest page view exits.
        const [pa, pb] = [events[1]!.row, events[2]!.row];
        const entry = pa.event_id < pb.event_id ? pa : pb;
        expect(s1).to.deep.include({ events: 6, pageviews: 3, interacted: true, entry_event: entry.event_id, exit_page: 'https://shop.example/c' });
        expect(s1?.referrer_platform).to.equal(entry === pa ? 'x' : 'google');
        expect(s2).to.deep.include({ events: 2, is_bot: false, started_at: new Date('2026-02-28T09:00:00Z') });
        expect(got.firsts).to.have.length(1);
        expect(got.firsts[0]).to.include({ session_id: w.sessionId });
        reference = got;
      }
      expect(got).to.deep.equal(reference);
    }
  });
});

