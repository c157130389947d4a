import { expect } from 'chai';
import type { VideoFunnelResponse } from '../../../web/src/api/reportTypes.js';
import type { VideosResponse } from '../../../web/src/api/types.js';
import { requireChromium } from '../helpers.js';
import { Dashboard, seriousA11yViolations } from './harness.js';
import { ingestFrom, localDay, PLACES, readTable, TOUR, tourEvents } from './videosSiteSeed.js';

const STEPS = ['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100', 'ctaClick', 'conversion'] as const;

describe('dashboard in Chromium: the video funnel on the videos screen', function () {
  this.timeout(180_000);
  let d: Dashboard;
  let range: { from: string; to: string };

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start();
    expect((await d.admin('POST', '/v1/admin/videos', { videoId: TOUR.videoId, title: TOUR.title })).status).to.equal(201);
    // The tour's widget names the video and its first slot on its impressions and opens.
    const events = tourEvents('https://shop.example').map((e) =>
      e.type === 'impression' || e.type === 'widget_open' ? { ...e, videoId: TOUR.videoId, slotId: 'intro' } : e,
    );
    await ingestFrom(d, [{ ip: PLACES.osaka, events }]);
    await d.rollUp();
    range = { from: localDay(d.project.timezone, 29), to: localDay(d.project.timezone) };
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  it('when the videos screen is open then the funnel shows every step of every video and slot as the stats API counts it, and is saved as a screenshot', async () => {
    const { context, page, errors } = await d.newPage({ width: 1280, height: 900 });
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/videos?from=${range.from}&to=${range.to}`);
    await page.waitForSelector('.video-funnel-table tr[data-key="total"] [data-col=play]');
    const api = await d.stats<VideoFunnelResponse>('video-funnel', range);
    expect(api.rows.length).to.be.greaterThan(0);
    const intro = api.rows.find((r) => r.slotId === 'intro')!;
    expect(intro.steps.find((s) => s.step === 'impression')!.count).to.be.greaterThan(0);

    // Names are the catalog titles the videos answer carries (markup in a title stays text).
    const titles = new Map((await d.stats<VideosResponse>('videos', range)).videos.map((v) => [v.videoId, v.title ?? v.videoId]));
    const table = await readTable(page, '.video-funnel-table');
    for (const row of api.rows) {
      const cells = table.get(`f:${row.videoId}:${row.slotId}`);
      expect(cells, `${row.videoId}/${row.slotId}`).to.not.equal(undefined);
      expect(cells!.get('name')!.text).to.equal(`${titles.get(row.videoId) ?? row.videoId} / ${row.slotId}`);
      for (const step of STEPS) expect(Number(cells!.get(step)!.value), `${row.slotId} ${step}`).to.equal(row.steps.find((s) => s.step === step)!.count);
    }
    const total = table.get('total')!;
    for (const step of STEPS) expect(Number(total.get(step)!.value), `total ${step}`).to.equal(api.total.steps.find((s) => s.step === step)!.count);

    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await d.screenshot(page, 'videos-funnel-1280');
    await context.close();
  });
});
