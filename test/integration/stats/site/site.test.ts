import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { HourSiteFigures, SitePagesResponse, SiteResponse } from '../../../../api/stats/siteSchemas.js';
import { startHarness, type Harness } from '../../api/harness.js';
import { BOT_UA, ev, Ingest, newSession, rollupAll, visitor, type Raw, type TestProject, type Visitor } from '../../rollup/helpers.js';
import { getStats } from '../../stats-api/fixtures.js';

const page = (path: string) => `https://shop.example${path}`;
const pageExit = (v: Visitor, t: string, path: string, timeOnPageMs?: number): Raw => ({
  id: randomUUID(),
  type: 'page_exit',
  ts: Date.parse(t),
  visitorId: v.visitorId,
  sessionId: v.sessionId,
  url: page(path),
  ...(timeOnPageMs === undefined ? {} : { timeOnPageMs }),
});

/**
 * Site figures through the worker's own normalize and write steps, the real rollup and the real
 * stats API, in America/New_York (03-10 and 03-11 are EDT days: local midnight is 04:00Z).
 *
 * 03-10: A1 /home (page_exit 20 s) → /product (gap 120 s) → /cart (unknown), 180 s, 3 pages;
 *        B1 /home + impression + widget_open 40 s later (no bounce), C1 /home + impression (bounce, 5 s);
 *        a bot D1 /home → /product (20 s).
 * 03-11: A2 (A returns) /product with a page_exit of 45 s at +50 s (bounce, 50 s);
 *        E1 /blog at 23:59:30 local, then /home at 00:00:30 on 03-12 (the /blog time, 60 s, comes from the next day).
 */
describe('stats API: site and site/pages', () => {
  let h: Harness;
  let p: TestProject;
  let ingest: Ingest;
  const a = visitor();
  const b = visitor();
  const c = visitor();
  const d = visitor();
  const e = visitor();

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Site', timezone: 'America/New_York', allowedOrigins: ['https://shop.example'] }] });
    p = { id: h.project.projectId, timezone: 'America/New_York' };
    ingest = new Ingest(h.t.pool);
    await ingest.write(p, [
      ev.pageView(a, '2026-03-10T14:00:00Z', page('/home')),
      pageExit(a, '2026-03-10T14:00:30Z', '/home', 20_000),
      ev.pageView(a, '2026-03-10T14:01:00Z', page('/product')),
      ev.pageView(a, '2026-03-10T14:03:00Z', page('/cart')),
      ev.pageView(b, '2026-03-10T15:00:00Z', page('/home')),
      ev.impression(b, '2026-03-10T15:00:10Z', page('/home')),
      ev.pageView(c, '2026-03-10T16:00:00Z', page('/home')),
      ev.impression(c, '2026-03-10T16:00:05Z', page('/home')),
      ev.pageView(newSession(a), '2026-03-11T14:00:00Z', page('/product')),
      ev.pageView(e, '2026-03-12T03:59:30Z', page('/blog')),
      ev.pageView(e, '2026-03-12T04:00:30Z', page('/home')),
    ]);
    const a2 = (await h.t.pool.query<{ session_id: string }>(`select session_id from events where project_id = $1 and occurred_at = '2026-03-11T14:00:00Z'`, [p.id])).rows[0]!;
    await ingest.write(p, [pageExit({ visitorId: a.visitorId, sessionId: a2.session_id }, '2026-03-11T14:00:50Z', '/product', 45_000)]);
    await ingest.write(p, [ev.pageView(d, '2026-03-10T17:00:00Z', page('/home')), ev.pageView(d, '2026-03-10T17:00:20Z', page('/product'))], { userAgent: BOT_UA });
    await rollupAll(h.t.pool, p.id);
  });
  after(async () => {
    await h.close();
  });

  async function site(query: Record<string, string>): Promise<SiteResponse> {
    const answer = await getStats(h, 'site', h.project.readKey, query);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as unknown as SiteResponse;
  }

  async function hours(query: Record<string, string>): Promise<{ totals: SiteResponse['totals']; series: HourSiteFigures[] }> {
    const body = await site({ ...query, interval: 'hour' });
    expect(body.interval).to.equal('hour');
    return { totals: body.totals, series: body.series as HourSiteFigures[] };
  }

  async function pages(query: Record<string, string>): Promise<SitePagesResponse> {
    const answer = await getStats(h, 'site/pages', h.project.readKey, query);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as unknown as SitePagesResponse;
  }

  const sources = (direct: number) => ({ direct, search: 0, social: 0, referral: 0 });

  it('when a widget_open arrives for a one-page session then the bounce becomes a non-bounce', async () => {
    const before = await site({ from: '2026-03-10', to: '2026-03-10' });
    expect(before.totals).to.include({ sessions: 3, bounces: 2 });
    await ingest.write(p, [ev.open(b, '2026-03-10T15:00:40Z', page('/home'))]);
    await rollupAll(h.t.pool, p.id);
    const after = await site({ from: '2026-03-10', to: '2026-03-10' });
    expect(after.totals).to.include({ sessions: 3, bounces: 1, openers: 1, interactions: 1 });
  });

  it('when two days are read then sessions count on their start day and visitors are not the sum of the days', async () => {
    const body = await site({ from: '2026-03-10', to: '2026-03-11' });
    expect(body).to.include({ timezone: 'America/New_York', from: '2026-03-10', to: '2026-03-11', interval: 'day' });
    expect(body.totals).to.deep.equal({
      visitors: 4, sessions: 5, pageviews: 7, bounces: 2, bounceRate: 0.4, avgSessionSeconds: 335 / 5, pagesPerSession: 8 / 5,
      newSessions: 4, returningSessions: 1, openers: 1, interactions: 1, sources: sources(5),
    });
    expect(body.series).to.deep.equal([
      {
        date: '2026-03-10', visitors: 3, sessions: 3, pageviews: 5, bounces: 1, bounceRate: 1 / 3, avgSessionSeconds: 225 / 3,
        pagesPerSession: 5 / 3, newSessions: 3, returningSessions: 0, openers: 1, interactions: 1, sources: sources(3),
      },
      {
        // E1 has two page views but only one on 03-11: sessionPages counts both, pageviews only the day's.
        date: '2026-03-11', visitors: 2, sessions: 2, pageviews: 2, bounces: 1, bounceRate: 0.5, avgSessionSeconds: 55,
        pagesPerSession: 1.5, newSessions: 1, returningSessions: 1, openers: 0, interactions: 0, sources: sources(2),
      },
    ]);
    expect(body.series[0]!.visitors + body.series[1]!.visitors).to.equal(5);
  });

  it('when includeBots is not given then the bot session is left out, and includeBots=true counts it', async () => {
    const humans = await site({ from: '2026-03-10', to: '2026-03-10' });
    const all = await site({ from: '2026-03-10', to: '2026-03-10', includeBots: 'true' });
    expect(humans.totals).to.include({ visitors: 3, sessions: 3, pageviews: 5 });
    expect(all.totals).to.include({ visitors: 4, sessions: 4, pageviews: 7, bounces: 1, newSessions: 4 });
    const home = (await pages({ from: '2026-03-10', to: '2026-03-10', includeBots: 'true' })).pages.find((r) => r.url === page('/home'));
    expect(home).to.include({ views: 4, entries: 4 });
  });

  it('when the pages are read then entries, exits, rates and time on page follow the page_exit or the next page view', async () => {
    const body = await pages({ from: '2026-03-10', to: '2026-03-11' });
    expect(body.pages.map((r) => r.url)).to.deep.equal([page('/home'), page('/product'), page('/blog'), page('/cart')]);
    const [home, product, blog, cart] = body.pages;
    expect(home).to.deep.equal({
      url: page('/home'), views: 3, visitors: 3, sessions: 3, entries: 3, exits: 3, exitRate: 1,
      // A1's page_exit says 20 s (the gap to its next page view would be 60 s); B1 and C1 have no time.
      avgTimeOnPageSeconds: 20, medianTimeOnPageSeconds: 20, opens: 1, openRate: 1 / 3, openers: 1, interactions: 1,
    });
    expect(product).to.deep.equal({
      url: page('/product'), views: 2, visitors: 1, sessions: 2, entries: 1, exits: 1, exitRate: 0.5,
      // 120 s (gap) and 45 s (page_exit): the lower median is 45 s.
      avgTimeOnPageSeconds: 82.5, medianTimeOnPageSeconds: 45, opens: 0, openRate: 0, openers: 0, interactions: 0,
    });
    expect(blog).to.include({ views: 1, entries: 1, exits: 0, exitRate: 0, avgTimeOnPageSeconds: 60, medianTimeOnPageSeconds: 60 });
    expect(cart).to.include({ views: 1, entries: 0, exits: 1, exitRate: 1, avgTimeOnPageSeconds: null, medianTimeOnPageSeconds: null });
    expect(body.other).to.equal(null);
  });

  it('when the pages are read with a limit then the rest folds into other with distinct figures over the union', async () => {
    const body = await pages({ from: '2026-03-10', to: '2026-03-11', limit: '2' });
    expect(body.pages.map((r) => r.url)).to.deep.equal([page('/home'), page('/product')]);
    expect(body.other).to.deep.equal({
      views: 2, visitors: 2, sessions: 2, entries: 1, exits: 1, exitRate: 0.5, avgTimeOnPageSeconds: 60, medianTimeOnPageSeconds: 60,
      opens: 0, openRate: 0, openers: 0, interactions: 0,
    });
  });

  it('when interval=hour then each local hour is an entry with its offset, zero-filled', async () => {
    const body = await hours({ from: '2026-03-10', to: '2026-03-10' });
    expect(body.series).to.have.length(24);
    expect(body.series[0]!.hour).to.equal('2026-03-10T00:00:00-04:00');
    const at = (hour: string) => body.series.find((s) => s.hour === hour);
    expect(at('2026-03-10T10:00:00-04:00')).to.include({ sessions: 1, pageviews: 3, visitors: 1, bounces: 0, avgSessionSeconds: 180 });
    expect(at('2026-03-10T11:00:00-04:00')).to.include({ sessions: 1, pageviews: 1, openers: 1, interactions: 1, bounces: 0 });
    expect(at('2026-03-10T12:00:00-04:00')).to.include({ sessions: 1, bounces: 1, bounceRate: 1 });
    expect(at('2026-03-10T13:00:00-04:00')).to.include({ sessions: 0, pageviews: 0, visitors: 0, bounceRate: null });
    expect(body.totals).to.include({ sessions: 3, visitors: 3 });
  });

  it('when DST starts and ends in New York then those days have 23 and 25 hourly entries, the repeated hour twice', async () => {
    const x = visitor();
    const y = visitor();
    await ingest.write(p, [
      ev.pageView(x, '2026-03-08T08:00:00Z', page('/home')),
      ev.pageView(newSession(x), '2026-11-01T05:30:00Z', page('/home')),
      ev.pageView(y, '2026-11-01T06:30:00Z', page('/home')),
    ]);
    await rollupAll(h.t.pool, p.id);
    const spring = await hours({ from: '2026-03-08', to: '2026-03-08' });
    expect(spring.series).to.have.length(23);
    expect(spring.series.map((s) => s.hour).slice(1, 3)).to.deep.equal(['2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00']);
    expect(spring.series.find((s) => s.hour === '2026-03-08T04:00:00-04:00')).to.include({ pageviews: 1, sessions: 1 });
    const fall = await hours({ from: '2026-11-01', to: '2026-11-01' });
    expect(fall.series).to.have.length(25);
    expect(fall.series.map((s) => s.hour).slice(1, 3)).to.deep.equal(['2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00']);
    expect(fall.series.slice(1, 3).map((s) => [s.pageviews, s.sessions, s.visitors])).to.deep.equal([[1, 1, 1], [1, 1, 1]]);
    expect(fall.totals).to.include({ pageviews: 2, sessions: 2, visitors: 2 });
  });
});
