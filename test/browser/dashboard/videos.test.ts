import { expect } from 'chai';
import type { TransitionsResponse } from '../../../web/src/api/reportTypes.js';
import type { OverviewResponse, VideoMetrics, VideosResponse } from '../../../web/src/api/types.js';
import { requireChromium } from '../helpers.js';
import { Dashboard, seriousA11yViolations } from './harness.js';
import { ingestFrom, localDay, PLACES, readTable, TOUR, tourEvents } from './videosSiteSeed.js';

/** Every figure of a video, as the table's columns must show them (the test's own list). */
const FIGURES = [
  'plays',
  'viewers',
  'completionRate',
  'reach25',
  'reach50',
  'reach75',
  'reach100',
  'watchSeconds',
  'avgWatchSeconds',
  'ctaClicks',
  'ctr',
  'detailClicks',
  'choiceClicks',
  'interactions',
  'conversions',
  'converters',
  'cvr',
  'conversionValue',
] as const;

const ADDITIVE = ['plays', 'reach25', 'reach50', 'reach75', 'reach100', 'watchSeconds', 'ctaClicks', 'detailClicks', 'choiceClicks', 'interactions', 'conversions', 'conversionValue'] as const;

const asNumber = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));

describe('dashboard in Chromium: the videos screen', function () {
  this.timeout(180_000);
  let d: Dashboard;
  let range: { from: string; to: string };

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start();
    const res = await d.admin('POST', '/v1/admin/videos', { videoId: TOUR.videoId, title: TOUR.title });
    expect(res.status).to.equal(201);
    await ingestFrom(d, [{ ip: PLACES.osaka, events: tourEvents('https://shop.example') }]);
    await d.rollUp();
    range = { from: localDay(d.project.timezone, 29), to: localDay(d.project.timezone) };
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  const open = async (width = 1280, height = 800) => {
    const session = await d.newPage({ width, height });
    await d.login(session.page, d.users.viewer, `/p/${d.project.projectId}/videos?from=${range.from}&to=${range.to}`);
    await session.page.waitForSelector('.videos-table tr[data-key="total"] [data-col=plays]');
    return session;
  };

  it('when the videos screen is open then every figure of every video, slot and the all-videos row equals the stats API', async () => {
    const { context, page, errors } = await open();
    const api = await d.stats<VideosResponse>('videos', range);
    const overview = await d.stats<OverviewResponse>('overview', range);
    expect(api.videos.length).to.be.greaterThan(1);

    // Open every video to its slots.
    for (const toggle of await page.$$('.videos-table button.expand[aria-expanded=false]')) await toggle.click();
    const table = await readTable(page, '.videos-table');
    for (const video of api.videos) {
      const row = table.get(`v:${video.videoId}`);
      expect(row, video.videoId).to.not.equal(undefined);
      expect(row!.get('name')!.text).to.contain(video.title ?? video.videoId);
      for (const f of FIGURES) expect(asNumber(row!.get(f)?.value), `${video.videoId} ${f}`).to.equal(video[f]);
      expect(row!.get('plays')!.text).to.equal(new Intl.NumberFormat('en-US').format(video.plays));
      for (const slot of video.slots) {
        const slotRow = table.get(`s:${video.videoId}:${slot.slotId}`);
        expect(slotRow, `${video.videoId}/${slot.slotId}`).to.not.equal(undefined);
        for (const f of FIGURES) expect(asNumber(slotRow!.get(f)?.value), `${video.videoId}/${slot.slotId} ${f}`).to.equal(slot[f]);
      }
    }

    // The all-videos row: sums of the API's rows, distinct figures from the overview, both the project's.
    const total = table.get('total')!;
    const parts: VideoMetrics[] = [...api.videos, ...(api.other ? [api.other] : [])];
    for (const f of ADDITIVE) {
      const sum = parts.reduce((s, p) => s + p[f], 0);
      expect(asNumber(total.get(f)?.value), `total ${f}`).to.be.closeTo(sum, 1e-6);
    }
    for (const f of ['plays', 'reach100', 'ctaClicks', 'conversions'] as const) expect(asNumber(total.get(f)?.value), `total ${f}`).to.equal(overview.totals[f]);
    expect(asNumber(total.get('viewers')?.value)).to.equal(overview.totals.viewers);
    expect(asNumber(total.get('converters')?.value)).to.equal(overview.totals.converters);
    expect(asNumber(total.get('completionRate')?.value)).to.be.closeTo(overview.totals.completionRate ?? NaN, 1e-4);
    expect(asNumber(total.get('cvr')?.value)).to.be.closeTo(overview.totals.cvr ?? NaN, 1e-4);
    expect(total.get('plays')!.text).to.equal(new Intl.NumberFormat('en-US').format(overview.totals.plays));

    // A title with markup is text: shown as written, nothing ran.
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
    expect(await page.locator('.data-table img').count()).to.equal(0);
    expect(await page.locator('.data-table', { hasText: '<img src=x onerror="window.__xss=1">' }).count()).to.be.greaterThan(0);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when choices were made between slots then the branch graph and its table show them with the API counts', async () => {
    const { context, page, errors } = await open();
    const api = await d.stats<TransitionsResponse>('transitions', range);
    const counts = new Map(api.transitions.map((t) => [`${t.fromSlotId}>${t.toSlotId}`, t.count]));
    for (const [pair, count] of Object.entries(TOUR.choices)) expect(counts.get(pair), pair).to.equal(count);

    await page.waitForSelector('.chart canvas');
    const table = await readTable(page, '.branch-choices');
    for (const t of api.transitions) {
      const row = table.get(`${t.fromSlotId}>${t.toSlotId}`);
      expect(row, `${t.fromSlotId} → ${t.toSlotId}`).to.not.equal(undefined);
      expect(asNumber(row!.get('count')?.value)).to.equal(t.count);
    }
    expect(table.get('intro>left')!.get('video')!.text).to.equal(TOUR.title);
    // The graph's own numbers, for screen readers: the hidden table beside the canvas.
    const hidden = await page.$$eval('.branch-graph figure.chart tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(hidden).to.deep.include(['intro', 'left', '3']);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`when the videos screen is shown at ${width}×${height} then a screenshot is written and axe finds no serious violation`, async () => {
      const { context, page, errors } = await open(width, height);
      await page.click(`.videos-table tr[data-key="v:${TOUR.videoId}"] button.expand`);
      await page.waitForSelector('.branch-graph canvas');
      await page.waitForTimeout(500);
      await d.screenshot(page, `videos-${width}x${height}`);
      expect(await seriousA11yViolations(page)).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      await context.close();
    });
  }
});
