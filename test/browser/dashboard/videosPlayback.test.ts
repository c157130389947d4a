import { expect } from 'chai';
import type { PlaybackResponse } from '../../../web/src/api/reportTypes.js';
import { requireChromium } from '../helpers.js';
import { Dashboard } from './harness.js';
import { ingestFrom, localDay, PLACES, readTable, TOUR, tourEvents } from './videosSiteSeed.js';

const FIGURES = ['views', 'startupP50Ms', 'startupP95Ms', 'rebufferCount', 'rebufferPercent', 'exitsBeforeStart', 'exitsBeforeStartPercent', 'startupFailures', 'playbackFailures'] as const;
const asNumber = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));

describe('dashboard in Chromium: playback quality on the videos screen', function () {
  this.timeout(180_000);
  let d: Dashboard;
  let range: { from: string; to: string };

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start();
    expect((await d.admin('POST', '/v1/admin/videos', { videoId: TOUR.videoId, title: TOUR.title })).status).to.equal(201);
    await ingestFrom(d, [{ ip: PLACES.osaka, events: tourEvents('https://shop.example') }]);
    await d.rollUp();
    range = { from: localDay(d.project.timezone, 29), to: localDay(d.project.timezone) };
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  it('when the videos screen is open then the playback card shows every (video, slot) and the total as the stats API answers them', async () => {
    const api = await d.stats<PlaybackResponse>('playback', range);
    // The seed's plays come from an older tracker (no requests): each is a view, started.
    expect(api.total.views).to.be.greaterThan(0);
    expect(api.total.started).to.equal(api.total.views);
    const { context, page, errors } = await d.newPage({ width: 1280, height: 800 });
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/videos?from=${range.from}&to=${range.to}`);
    await page.waitForSelector('.playback-table tr[data-key="total"] [data-col=views]');
    const table = await readTable(page, '.playback-table');
    for (const row of api.rows) {
      const shown = table.get(`p:${row.videoId}:${row.slotId}`);
      expect(shown, `${row.videoId}/${row.slotId}`).to.not.equal(undefined);
      for (const f of FIGURES) expect(asNumber(shown!.get(f)?.value), `${row.videoId}/${row.slotId} ${f}`).to.equal(row[f]);
    }
    const total = table.get('total')!;
    for (const f of FIGURES) expect(asNumber(total.get(f)?.value), `total ${f}`).to.equal(api.total[f]);
    expect(total.get('startupP50Ms')!.text).to.equal(api.total.startupP50Ms === null ? '–' : `${api.total.startupP50Ms} ms`);
    // Rows are named by the video's title where the catalog has one, as in the other video cards.
    expect(table.get(`p:${TOUR.videoId}:intro`)!.get('name')!.text).to.equal(`${TOUR.title} / intro`);
    expect(errors).to.deep.equal([]);
    await d.screenshot(page, 'videos-playback-1280');
    await context.close();
  });
});
