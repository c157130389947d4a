import { mkdirSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { rollupDay } from '../../worker/rollup/rollupDay.js';
import { TrackerHarness } from './trackerHarness.js';

interface Row {
  event_id: string;
  type: string;
  url: string | null;
  page_key: string | null;
  play_id: string | null;
  video_id: string | null;
  slot_id: string | null;
  percent: number | null;
  seconds: number | null;
  target: string | null;
  visitor_id: string;
  session_id: string;
  browser: string | null;
  is_bot: boolean;
}

interface SlotDay {
  plays: string;
  reach25: string;
  reach50: string;
  reach75: string;
  reach100: string;
  watch_seconds: number;
  cta_clicks: string;
  conversions: string;
  conversion_value: string;
}

describe('tracker in Chromium: widget, video, CTA and conversion end to end', function () {
  this.timeout(110_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Shop',
    pages: ({ origin, head, snippet }) => ({
      '/widget.html': `${head('Widget page')}<body>
  <div data-cp-widget>
    <button id="open" data-cp-open>Watch</button>
    <div data-cp-video="intro" data-cp-slot="hero">
      <video id="v" data-cp-video="intro" data-cp-slot="hero" src="${origin}/clip.webm" muted playsinline preload="auto"></video>
      <button id="cta" data-cp-click="cta" data-cp-label="Buy now">Buy</button>
    </div>
  </div></body></html>`,
      '/checkout.html': `${head('Checkout')}<body><p>checkout</p></body></html>`,
      '/checkout/done': `${head('Thanks')}<body><p>thanks</p></body></html>`,
      // The API unreachable (nothing listens on port 9): every send fails.
      '/offline.html': `<!doctype html><html><head><title>Offline</title>${snippet('http://127.0.0.1:9/v1/events')}</head><body></body></html>`,
    }),
    beforeWorker: async (started) => {
      const rule = await started.admin('POST', '/v1/admin/conversion-rules', { name: 'thanks', kind: 'exact', pattern: `${started.site.origin}/checkout/done` });
      expect(rule.status).to.equal(201);
    },
  });

  const trackerReady = (page: Page) => h.trackerReady(page);
  const rows = () => h.events<Row>();

  it('when a viewer opens the widget, plays twice, clicks the CTA and reaches the thank-you route then PostgreSQL has every event once, attributed', async () => {
    const context = await h.newContext({ viewport: { width: 1280, height: 720 }, screen: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    // Every event the tracker sends, by id, as sent (fetch and beacons alike).
    const sent = new Map<string, Record<string, unknown>>();
    context.on('request', (req) => {
      if (!req.url().endsWith('/v1/events') || req.method() !== 'POST') return;
      const body = JSON.parse(req.postData() ?? '{}') as { events?: Record<string, unknown>[] };
      for (const e of body.events ?? []) sent.set(String(e.id), e);
    });
    const openedAt = Date.now();
    await page.goto(`${h.site.origin}/widget.html`);
    await trackerReady(page);
    await page.click('#open');

    // First play: to the end.
    const duration = await page.evaluate(async () => {
      const v = document.getElementById('v') as HTMLVideoElement;
      await v.play();
      await new Promise<void>((resolve) => v.addEventListener('ended', () => resolve(), { once: true }));
      return v.duration;
    });
    expect(duration).to.be.closeTo(4, 0.05);

    // Functions run in the page are written without named inner functions: tsx would wrap
    // those in a `__name` helper the page does not have.
    // Second play: from the start past 25 %, a seek over 50 %, a pause before 75 %.
    const second = await page.evaluate(async () => {
      const v = document.getElementById('v') as HTMLVideoElement;
      await v.play();
      while (v.currentTime < 1.3) await new Promise((resolve) => setTimeout(resolve, 20));
      const before = v.currentTime;
      const seeked = new Promise<void>((resolve) => v.addEventListener('seeked', () => resolve(), { once: true }));
      v.currentTime = 2.2;
      await seeked;
      const after = v.currentTime;
      while (v.currentTime < 2.6) await new Promise((resolve) => setTimeout(resolve, 20));
      v.pause();
      return { before, after, pausedAt: v.currentTime };
    });
    expect(second.pausedAt).to.be.lessThan(3);
    const secondPlayed = second.before + (second.pausedAt - second.after);

    await page.click('#cta');
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/tracker-widget.png' });
    const leftAt = Date.now();
    // Leaving the page: pagehide sends its page_exit and what is left in beacons.
    await page.goto(`${h.site.origin}/checkout.html`);
    await trackerReady(page);
    // Beacons sent during a navigation escape the request log; the next page resends them by
    // fetch until a 2xx, so wait for that to see the widget page's exit as sent.
    await page.waitForFunction(() => !(localStorage.getItem('cp_q') ?? '').includes('"page_exit"'), undefined, { timeout: 10_000 });
    // A single-page app's route change: the thank-you route is a page view, and a purchase.
    await page.evaluate(() => {
      history.pushState({}, '', '/checkout/done');
      (window.cuepoint as { conversion(c: object): void }).conversion({ type: 'purchase', value: 49.9, currency: 'USD', orderId: 'A-1' });
    });
    await page.goto('about:blank');
    await context.close();

    const expected = { impression: 1, widget_open: 1, page_view: 3, page_exit: 3, video_play: 2, video_progress: 5, click: 1, conversion: 1 };
    const countsOf = (r: Row[]) => Object.fromEntries(Object.keys(expected).map((k) => [k, r.filter((x) => x.type === k).length]));
    const stored = await h.poll(rows, (r) => {
      const playIds = new Set(r.filter((x) => x.type === 'video_time').map((x) => x.play_id));
      return JSON.stringify(countsOf(r)) === JSON.stringify(expected) && playIds.size === 2;
    });
    expect(countsOf(stored)).to.deep.equal(expected);

    if (process.env.DEBUG_ROWS) console.log(stored.map((r) => `${r.type} ${r.percent ?? ''} ${r.is_bot} ${r.browser}`).join('\n'));
    for (const r of stored) expect(r, r.type).to.include({ is_bot: false, browser: 'Chrome' });
    expect(new Set(stored.map((r) => r.visitor_id)).size).to.equal(1);
    expect(new Set(stored.map((r) => r.session_id)).size).to.equal(1);

    const open = stored.find((r) => r.type === 'widget_open')!;
    expect(open.url).to.equal(`${h.site.origin}/widget.html`);
    expect(open.page_key).to.equal(`${h.site.origin}/widget.html`);
    expect(stored.find((r) => r.type === 'impression')?.url).to.equal(`${h.site.origin}/widget.html`);
    expect(stored.filter((r) => r.type === 'page_view').map((r) => r.url)).to.have.members([
      `${h.site.origin}/widget.html`,
      `${h.site.origin}/checkout.html`,
      `${h.site.origin}/checkout/done`,
    ]);

    // One page exit per page view, the SPA route's previous page ended by the pushState.
    expect(stored.filter((r) => r.type === 'page_exit').map((r) => r.url)).to.have.members([
      `${h.site.origin}/widget.html`,
      `${h.site.origin}/checkout.html`,
      `${h.site.origin}/checkout/done`,
    ]);
    const exits = [...sent.values()].filter((e) => e.type === 'page_exit');
    const widgetExit = exits.find((e) => e.url === `${h.site.origin}/widget.html`)!;
    // The widget page was in view for the whole first play (4 s) and more, and at most from load to leaving.
    expect(widgetExit.timeOnPageMs).to.be.a('number').within(4000, leftAt - openedAt + 100);
    expect(widgetExit.maxScrollPercent).to.be.a('number').within(0, 100);
    // Device hints on page views and impressions: the context's screen, no touch, a language.
    for (const e of [...sent.values()].filter((x) => x.type === 'page_view' || x.type === 'impression')) {
      expect(e, String(e.type)).to.include({ screenWidth: 1920, screenHeight: 1080, touchPoints: 0 });
      expect(e.language, String(e.type)).to.match(/^[a-z]{2}(-[A-Z]{2})?$/);
    }

    const plays = stored.filter((r) => r.type === 'video_play');
    for (const p of plays) expect(p).to.include({ video_id: 'intro', slot_id: 'hero' });
    const [first, again] = plays.map((p) => p.play_id!);
    expect(first).to.not.equal(again);
    const milestones = (playId: string | undefined) =>
      stored.filter((r) => r.type === 'video_progress' && r.play_id === playId).map((r) => r.percent).sort((a, b) => a! - b!);
    expect(milestones(first)).to.deep.equal([25, 50, 75, 100]);
    expect(milestones(again)).to.deep.equal([25]);

    const watched = (playId: string | undefined) =>
      stored.filter((r) => r.type === 'video_time' && r.play_id === playId).reduce((s, r) => s + r.seconds!, 0);
    expect(watched(first)).to.be.closeTo(duration, 1);
    expect(watched(again)).to.be.closeTo(secondPlayed, 1);

    const click = stored.find((r) => r.type === 'click')!;
    expect(click).to.include({ target: 'cta', video_id: 'intro', slot_id: 'hero', play_id: again });

    const { rows: days } = await h.t.pool.query<{ day: string }>(
      `select distinct to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day from events where project_id = $1`,
      [h.project.projectId],
    );
    for (const { day } of days) await rollupDay(h.t.pool, h.project.projectId, day);
    const { rows: slot } = await h.t.pool.query<SlotDay>(
      `select sum(plays) as plays, sum(reach25) as reach25, sum(reach50) as reach50, sum(reach75) as reach75,
              sum(reach100) as reach100, sum(watch_seconds) as watch_seconds, sum(cta_clicks) as cta_clicks,
              sum(conversions) as conversions, sum(conversion_value) as conversion_value
         from daily_slot where project_id = $1 and video_id = 'intro' and slot_id = 'hero' and not is_bot`,
      [h.project.projectId],
    );
    const s = slot[0]!;
    expect({ plays: s.plays, reach25: s.reach25, reach50: s.reach50, reach75: s.reach75, reach100: s.reach100, cta: s.cta_clicks }).to.deep.equal({
      plays: '2',
      reach25: '2',
      reach50: '1',
      reach75: '1',
      reach100: '1',
      cta: '1',
    });
    expect(s.watch_seconds).to.be.closeTo(duration + secondPlayed, 2);
    // The thank-you route (URL rule) and the purchase (explicit event), both attributed to intro/hero.
    expect(s.conversions).to.equal('2');
    expect(Number(s.conversion_value)).to.equal(49.9);
  });

  it('when the API cannot be reached then the events wait in localStorage and go out on the next page load', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/offline.html`);
    await trackerReady(page);
    const visitorId = await page.evaluate(async () => {
      (window.cuepoint as { track(type: string, fields: object): void }).track('custom', { name: 'offline-marker' });
      // Past the first send attempt, which fails.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const queued = JSON.parse(localStorage.getItem('cp_q') ?? '[]') as { type: string; visitorId: string }[];
      return queued.find((e) => e.type === 'custom')?.visitorId;
    });
    expect(visitorId).to.be.a('string');
    await page.goto(`${h.site.origin}/checkout.html`);
    await trackerReady(page);
    await page.goto('about:blank');
    await context.close();

    const found = await h.poll(async () => (await rows()).filter((r) => r.visitor_id === visitorId), (f) => f.length >= 5);
    // The offline page's view, marker and exit arrive once each, with the next page's view and exit.
    expect(found.map((r) => `${r.type} ${r.url ?? ''}`).sort()).to.deep.equal([
      'custom ',
      `page_exit ${h.site.origin}/checkout.html`,
      `page_exit ${h.site.origin}/offline.html`,
      `page_view ${h.site.origin}/checkout.html`,
      `page_view ${h.site.origin}/offline.html`,
    ]);
  });

  it('when the page hands cuepoint.ids() to its backend then the server conversion lands on the same visitor and session, from_server', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/checkout.html`);
    await trackerReady(page);
    const ids = await page.evaluate(() => (window.cuepoint as { ids(): { visitorId: string; sessionId: string } }).ids());
    await page.goto('about:blank');
    await context.close();

    // The shop's backend, with the secret server key.
    const conversion = { id: crypto.randomUUID(), type: 'conversion', ts: Date.now(), ...ids, conversionType: 'purchase', orderId: 'SRV-1' };
    const sent = await fetch(`${h.web.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.project.serverKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [conversion] }),
    });
    expect(sent.status).to.equal(202);

    const found = await h.poll(
      async () => (await rows()).filter((r) => r.visitor_id === ids.visitorId) as (Row & { from_server: boolean })[],
      (f) => f.length >= 3,
    );
    expect(found.map((r) => [r.type, r.session_id, r.from_server])).to.deep.equal([
      ['page_view', ids.sessionId, false],
      ['page_exit', ids.sessionId, false],
      ['conversion', ids.sessionId, true],
    ]);
  });
});
