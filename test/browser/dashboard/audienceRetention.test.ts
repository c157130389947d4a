import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { requireChromium } from '../helpers.js';
import { Dashboard, seriousA11yViolations } from './harness.js';
import { localDay } from './videosSiteSeed.js';
import type { IngestEvent } from './seedEvents.js';

const VIDEO = { videoId: 'curve', title: 'Retention curve' };

/** Three plays of a 10 s video (as in the integration test): seconds 0-2 by all, 5 by one only. */
function curveEvents(now = Date.now()): IngestEvent[] {
  const plays: [number, number][][] = [
    [[0, 4.2], [4.2, 8]],
    [[0, 3], [6.3, 10]],
    [[0, 5], [2, 4]],
  ];
  return plays.flatMap((ranges, i) => {
    const base = { visitorId: randomUUID(), sessionId: randomUUID(), videoId: VIDEO.videoId, slotId: 'hero', playId: randomUUID() };
    const t = now - 2 * 3_600_000 + i * 60_000;
    return [
      { id: randomUUID(), type: 'video_play', ts: t, ...base, duration: 10 },
      ...ranges.map(([from, to], k) => ({ id: randomUUID(), type: 'video_time', ts: t + (k + 1) * 5_000, ...base, seconds: to - from, from, to })),
    ];
  });
}

describe('dashboard in Chromium: the audience-retention curve on the videos screen', function () {
  this.timeout(180_000);
  let d: Dashboard;

  before(async function () {
    requireChromium(this);
    d = await Dashboard.start({ traffic: { days: 2, visitorsPerDay: 2 } });
    expect((await d.admin('POST', '/v1/admin/videos', { ...VIDEO, duration: 10 })).status).to.equal(201);
    await d.ingest(curveEvents());
    await d.rollUp();
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  it('when a video is chosen then its curve, plays, duration and drop-off match the API, and a screenshot is written', async () => {
    const range = { from: localDay(d.project.timezone, 6), to: localDay(d.project.timezone) };
    const session = await d.newPage({ width: 1280, height: 900 });
    const { page, context, errors } = session;
    await d.login(page, d.users.viewer, `/p/${d.project.projectId}/videos?from=${range.from}&to=${range.to}`);
    await page.waitForSelector('[data-testid=retention-video]');
    await page.selectOption('[data-testid=retention-video]', VIDEO.videoId);
    await page.waitForSelector('[data-testid=retention-summary]:has-text("3 plays")');
    expect(await page.textContent('[data-testid=retention-summary]')).to.equal('3 plays · duration 10 s · half the plays had stopped by 5 s');
    // The canvas's numbers, for screen readers: 50 % is second 5, watched by 1 of 3 plays.
    const rows = await page.$$eval('.audience-retention figure.chart tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).to.have.length(101);
    expect(rows[50]).to.deep.equal(['50 %', '33.3%', '33.3%']);
    expect(rows[20]).to.deep.equal(['20 %', '100%', '133.3%']);
    await page.waitForSelector('.audience-retention canvas');
    await page.waitForTimeout(500);
    await d.screenshot(page, 'videos-audience-retention');
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
