import { expect } from 'chai';
import { TrackerHarness } from './trackerHarness.js';

interface Row {
  event_id: string;
  type: string;
  url: string | null;
  visitor_id: string;
  session_id: string;
  name: string | null;
  is_bot: boolean;
}

declare global {
  interface Window {
    /** What the page wrote to `document.cookie` (the localStorage test records it). */
    cookieWrites?: string[];
  }
}

/** Chromium caps every cookie's lifetime at 400 days (RFC 6265bis), whatever `max-age` asks for. */
const CHROMIUM_COOKIE_CAP_S = 400 * 86_400;
const VISITOR_COOKIE_S = 540 * 86_400;

describe('tracker in Chromium: delivery and identity fallbacks', function () {
  this.timeout(60_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Shop',
    pages: ({ head }) => {
      const page = (title: string) => `${head(title)}<body><p>${title}</p></body></html>`;
      return { '/one.html': page('One'), '/two.html': page('Two') };
    },
  });

  /** Polls PostgreSQL until `ready` holds for the rows, for at most 10 s; returns the last rows read. */
  function pollRows(ready: (r: Row[]) => boolean): Promise<Row[]> {
    return h.poll(() => h.events<Row>(), ready);
  }

  it('when navigator.sendBeacon refuses then the events queued at page hide go out by keepalive fetch, each stored once', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      navigator.sendBeacon = () => false;
    });
    await page.goto(`${h.site.origin}/one.html`);
    await h.trackerReady(page);
    expect(await page.evaluate(() => navigator.sendBeacon('/x', 'y'))).to.equal(false);
    // The page view goes out by the normal send first; wait for it, so the queue holds only what follows.
    const view = (r: Row) => r.type === 'page_view' && r.url === `${h.site.origin}/one.html`;
    expect((await pollRows((r) => r.some(view))).filter(view)).to.have.length(1);

    // Tracked just before leaving: the normal send waits 1 s, so only page hide can deliver them, and
    // with the beacon refused and about:blank next (no tracker to resend the queue) that is the
    // keepalive fetch. (Neither Playwright nor CDP reports a keepalive request of a page being left.)
    const queued = await page.evaluate(() => {
      const cp = window.cuepoint as { track(type: string, fields: object): void };
      for (let i = 0; i < 5; i++) cp.track('custom', { name: `hide-${i}` });
      const queued = JSON.parse(localStorage.getItem('cp_q') ?? '[]') as { id: string; type: string; visitorId: string }[];
      return queued.filter((e) => e.type === 'custom');
    });
    expect(queued).to.have.length(5);
    const ids = queued.map((e) => e.id);
    const visitorId = queued[0]!.visitorId;
    await page.goto('about:blank');

    const mine = (r: Row[]) => r.filter((x) => x.visitor_id === visitorId);
    const stored = mine(await pollRows((r) => mine(r).filter((x) => x.type === 'custom').length >= 5));
    await context.close();
    const custom = stored.filter((r) => r.type === 'custom');
    expect(custom.map((r) => r.event_id).sort()).to.deep.equal([...ids].sort());
    expect(custom.map((r) => r.name).sort()).to.deep.equal(['hide-0', 'hide-1', 'hide-2', 'hide-3', 'hide-4']);
    expect(stored.filter(view)).to.have.length(1);
    // The page's exit is queued at page hide before the keepalive fetch, so it rides along.
    expect(stored.filter((r) => r.type === 'page_exit' && r.url === `${h.site.origin}/one.html`)).to.have.length(1);
    expect(stored).to.have.length(7);
    for (const r of stored) expect(r, r.type).to.include({ is_bot: false });
    // A moment longer: nothing arrives twice.
    await new Promise((r) => setTimeout(r, 1000));
    const again = mine(await h.events<Row>());
    expect(again.map((r) => r.event_id).sort()).to.deep.equal(stored.map((r) => r.event_id).sort());
  });

  it('when localStorage is blocked then the visitor id survives a reload in a first-party cookie', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      // Records what the tracker asks for; the browser may store less (see the cap above).
      const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
      window.cookieWrites = [];
      Object.defineProperty(document, 'cookie', {
        configurable: true,
        // Methods, not arrow functions: tsx would wrap those in a `__name` helper the page does not have.
        get() {
          return native.get!.call(document) as string;
        },
        set(v: string) {
          window.cookieWrites!.push(v);
          native.set!.call(document, v);
        },
      });
    });
    const startedAt = Date.now() / 1000;
    await page.goto(`${h.site.origin}/two.html`);
    await h.trackerReady(page);
    expect(
      await page.evaluate(() => {
        try {
          return typeof window.localStorage;
        } catch (e) {
          return (e as DOMException).name;
        }
      }),
    ).to.equal('SecurityError');
    const cookie = await page.evaluate(() => document.cookie);
    expect(cookie).to.match(/(?:^|; )cp_v=[0-9a-f-]{36}\.\d+/);
    const writes = await page.evaluate(() => window.cookieWrites ?? []);
    const visitorWrite = writes.find((w) => w.startsWith('cp_v='));
    expect(visitorWrite).to.match(new RegExp(`; max-age=${VISITOR_COOKIE_S}; path=/; SameSite=Lax$`));
    await page.reload();
    await h.trackerReady(page);
    await page.goto('about:blank');

    const cookies = await context.cookies(h.site.origin);
    await context.close();
    const visitor = cookies.find((c) => c.name === 'cp_v');
    expect(visitor, 'cp_v cookie').to.not.equal(undefined);
    expect(visitor).to.include({ path: '/', sameSite: 'Lax', secure: false, httpOnly: false });
    // The tracker asks for 540 days; Chromium keeps a cookie at most 400 days.
    expect(visitor!.expires - startedAt).to.be.closeTo(Math.min(VISITOR_COOKIE_S, CHROMIUM_COOKIE_CAP_S), 120);
    expect(cookies.find((c) => c.name === 'cp_s'), 'cp_s cookie').to.not.equal(undefined);

    const twos = (r: Row[]) => r.filter((x) => x.type === 'page_view' && x.url === `${h.site.origin}/two.html`);
    const views = twos(await pollRows((r) => twos(r).length >= 2));
    expect(views).to.have.length(2);
    expect(views[0]!.visitor_id).to.equal(views[1]!.visitor_id);
    expect(views[0]!.session_id).to.equal(views[1]!.session_id);
    expect(decodeURIComponent(visitor!.value).split('.')[0]).to.equal(views[0]!.visitor_id);
  });
});
