import { expect } from 'chai';
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { v5 as uuidv5 } from 'uuid';
import { FaultProxy, type SeenRequest } from '../helpers/faultProxy.js';
import { TrackerHarness } from './trackerHarness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TITLE = 'Pricing · Segment shop';

/** `@segment/analytics-next` as a shop bundles it, exposed as `SegmentBrowser.AnalyticsBrowser`. */
async function bundleAnalyticsNext(): Promise<string> {
  const result = await build({
    stdin: { contents: "export { AnalyticsBrowser } from '@segment/analytics-next';", resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'SegmentBrowser',
    platform: 'browser',
    target: ['es2020'],
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/**
 * The shop's page: analytics.js loaded with the settings Segment's CDN would serve given inline
 * (so nothing is fetched from cdn.segment.com), and pointed at Cuepoint by the two options a
 * shop changes. Every load sends a page call; the buttons send track calls.
 */
function shopPage(bundle: string, writeKey: string, apiHost: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${TITLE}</title></head>
<body style="font: 16px sans-serif; margin: 2rem">
<h1>Pricing</h1><p>Pro plan: 30 USD a month.</p>
<p>analytics.js: <output id="status">loading</output></p>
<button id="buy">Buy</button> <button id="subscribe">Subscribe</button>
<script>${bundle.replaceAll('</script', '<\\/script')}</script>
<script>
  const status = document.getElementById('status');
  const show = (text, ctx) => { status.textContent = ctx.failedDelivery() ? text + ' (failed)' : text; };
  const [ready] = [SegmentBrowser.AnalyticsBrowser.load(
    { writeKey: ${JSON.stringify(writeKey)}, cdnSettings: { integrations: { 'Segment.io': { apiKey: ${JSON.stringify(writeKey)} } } } },
    { integrations: { 'Segment.io': { apiHost: ${JSON.stringify(apiHost)}, protocol: 'http' } } },
  )];
  ready.then(([analytics]) => analytics.page()).then((ctx) => show('page sent', ctx));
  document.getElementById('buy').onclick = () =>
    ready.then(([analytics]) => analytics.track('Order Completed', { revenue: 30, currency: 'USD' })).then((ctx) => show('order sent', ctx));
  document.getElementById('subscribe').onclick = () =>
    ready.then(([analytics]) => analytics.track('Newsletter Signup', { list: 'weekly' })).then((ctx) => show('signup sent', ctx));
</script>
</body></html>`;
}

const messageOf = (r: SeenRequest) => JSON.parse(r.body) as { messageId: string; event?: string; type: string };

/**
 * The real browser library, bundled into a shop's page served from another origin than the API
 * (so its CORS preflights are real), in Chromium. A recording proxy in front of the API sees
 * every request the API sees, preflights included.
 */
describe('Segment ingest with the real @segment/analytics-next in Chromium', function () {
  this.timeout(120_000);
  let bundle = '';
  let proxy: FaultProxy;
  const h = TrackerHarness.forSuite({
    projectName: 'Segment shop',
    pages: () => ({ '/pricing': shopPage(bundle, h.project.writeKey, `${proxy.url.replace('http://', '')}/v1`) }),
    beforeApi: async () => {
      bundle = await bundleAnalyticsNext();
    },
    beforeWorker: async (harness) => {
      proxy = await FaultProxy.start(harness.web.url);
      // The signup's first send lands but is still unanswered when the page goes: the library
      // keeps it for the next page, which sends it again.
      proxy.decide = ({ path, retryCount, body }) =>
        path === '/v1/t' && retryCount === undefined && body.includes('"Newsletter Signup"') ? { kind: 'landThenLate', delayMs: 3000 } : { kind: 'pass' };
    },
  });
  after(async () => {
    await (proxy as FaultProxy | undefined)?.close();
  });

  it('when a page is loaded, a track call made, and one made as the page reloads (landed, unanswered, re-sent by the next page) then preflights pass and every text/plain send is stored once, each load a page view with its URL and title', async () => {
    const context = await h.newContext();
    const requested: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${h.site.origin}/pricing`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'page sent', undefined, { timeout: 15_000 });
    await page.click('#buy');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'order sent', undefined, { timeout: 15_000 });
    await page.click('#subscribe');
    // The signup has landed; its answer is held back while the page reloads.
    const landed = await h.poll(
      () => Promise.resolve(proxy.seen.some((r) => r.fault === 'landThenLate' && r.appStatus === 200)),
      (done) => done,
    );
    expect(landed).to.equal(true);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'page sent', undefined, { timeout: 15_000 });

    // The kept signup goes out again on the next page's schedule, after its page call.
    const posted = () => proxy.seen.filter((r) => r.method === 'POST' && r.path !== '/v1/m');
    const sends = await h.poll(
      () => Promise.resolve(posted()),
      (all) => all.filter((r) => r.retryCount !== undefined && r.appStatus !== undefined).length > 0,
      15_000,
    );
    // Two page calls and two distinct track calls, however often each was sent.
    const messages = new Map(sends.map((r) => [messageOf(r).messageId, messageOf(r)]));
    const byKind = [...messages.values()].map((m) => (m.type === 'track' ? m.event : m.type)).sort();
    expect(byKind).to.deep.equal(['Newsletter Signup', 'Order Completed', 'page', 'page']);
    const signups = sends.filter((r) => messageOf(r).event === 'Newsletter Signup');
    expect(signups.map((r) => [r.appStatus, r.retryCount])).to.deep.equal([
      [200, undefined],
      [200, '1'],
    ]);
    const { projectId } = h.project;
    const expected = [...messages.keys()].map((id) => uuidv5(id, projectId)).sort();

    const events = await h.poll(
      () => h.rows<{ event_id: string; type: string; url: string | null; props: Record<string, unknown> | null }>('select event_id, type, url, props from events where project_id = $1 order by occurred_at', [projectId]),
      (rows) => rows.length >= 4,
      20_000,
    );
    // A resend arriving late would be a fifth row.
    await new Promise((r) => setTimeout(r, 1500));
    const stored = await h.rows<{ event_id: string }>('select event_id from events where project_id = $1', [projectId]);
    expect(stored.map((e) => e.event_id).sort()).to.deep.equal(expected);
    expect((await h.rows<{ n: number }>('select count(*)::int as n from event_ids where project_id = $1', [projectId]))[0]!.n).to.equal(4);
    const pageViews = events.filter((e) => e.type === 'page_view');
    expect(pageViews.map((e) => e.url)).to.deep.equal([`${h.site.origin}/pricing`, `${h.site.origin}/pricing`]);
    expect(pageViews.map((e) => e.props?.title)).to.deep.equal([TITLE, TITLE]);

    // The transport as the browser used it: preflights allowed for the page's origin, text/plain bodies, 200s.
    const preflights = proxy.seen.filter((r) => r.method === 'OPTIONS');
    expect(preflights.length).to.be.above(0);
    for (const r of preflights) {
      expect(r.appStatus, `OPTIONS ${r.path}`).to.be.within(200, 299);
      expect(r.appHeaders?.['access-control-allow-origin'], `OPTIONS ${r.path}`).to.equal(h.site.origin);
      expect(r.appHeaders?.['access-control-allow-headers']?.toLowerCase(), `OPTIONS ${r.path}`).to.include('authorization');
    }
    expect(sends.map((r) => r.contentType)).to.satisfy((types: (string | undefined)[]) => types.every((t) => t?.startsWith('text/plain')));
    expect(sends.map((r) => r.appStatus)).to.satisfy((codes: (number | undefined)[]) => codes.every((c) => c === 200));
    expect(new Set(sends.map((r) => r.path))).to.deep.equal(new Set(['/v1/p', '/v1/t']));

    // Nothing left this machine: no settings from Segment's CDN, no metrics to api.segment.io.
    expect(requested.filter((url) => !url.startsWith(h.site.origin) && !url.startsWith(proxy.url))).to.deep.equal([]);
    expect(errors).to.deep.equal([]);

    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/segment-browser.png' });
    await context.close();
  });
});
