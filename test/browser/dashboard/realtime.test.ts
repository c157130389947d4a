import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { RealtimeResponse } from '../../../web/src/api/types.js';
import { waitFor } from '../../helpers/processes.js';
import { requireChromium } from '../helpers.js';
import { Dashboard, seriousA11yViolations } from './harness.js';
import type { IngestEvent } from './seedEvents.js';

const SITE = 'https://paris.example';
const en = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** One visitor's page views (and a play of `videoId` when given), stamped a few seconds ago. */
function visit(paths: string[], videoId?: string): IngestEvent[] {
  const who = { visitorId: randomUUID(), sessionId: randomUUID() };
  const ts = Date.now() - 5000;
  const views = paths.map((path) => ({ id: randomUUID(), type: 'page_view', ts, url: `${SITE}${path}`, ...who }));
  if (videoId === undefined) return views;
  return [...views, { id: randomUUID(), type: 'video_play', ts, videoId, slotId: 'hero', playId: randomUUID(), ...who }];
}

async function cards(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid=realtime-cards] [data-metric]', (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-metric') ?? '', e.querySelector('[data-value]')?.textContent ?? ''])),
  );
}

async function ranked(page: Page, list: string): Promise<[string, string][]> {
  return page.$$eval(`[data-testid=${list}] li`, (lis) => lis.map((li) => [li.querySelector('.rank-name')?.textContent ?? '', li.querySelector('.rank-value')?.textContent ?? ''] as [string, string]));
}

describe('dashboard in Chromium: the realtime screen', function () {
  this.timeout(120_000);
  let d: Dashboard;

  before(async function () {
    requireChromium(this);
    // The main project's history is not what this screen shows: a little of it is enough.
    d = await Dashboard.start({ traffic: { days: 2, visitorsPerDay: 2, videos: 2 } });
  });
  after(async () => {
    await (d as Dashboard | undefined)?.close();
  });

  it('when events arrive then the realtime screen shows the API figures, and within 12 s of more arriving shows those too', async () => {
    // The second project has no traffic of its own: every figure below comes from these visits.
    const ingest = (events: IngestEvent[]) => d.ingest(events, undefined, d.other.projectId, d.other.writeKey);
    await ingest([...visit(['/', '/menu'], 'tour'), ...visit(['/'], 'tour'), ...visit(['/<b>bold</b>'], 'chef')]);
    // Stored first, then counted live a moment later, after the commit.
    const first = await waitFor(async () => {
      const answer = await d.stats<RealtimeResponse>('realtime', {}, d.other);
      return answer.active.last5Minutes.visitors === 3 ? answer : undefined;
    }, 5000, 'the live figures');
    expect(first.active.last5Minutes).to.deep.equal({ visitors: 3, sessions: 3 });
    expect(first.totals).to.deep.equal({ pageviews: 4, opens: 0, plays: 3 });

    const { context, page, errors } = await d.newPage();
    await d.login(page, d.users.owner, `/p/${d.other.projectId}/realtime`);
    await page.waitForSelector('[data-testid=realtime-cards] [data-metric=visitors5] [data-value]');
    expect(await cards(page)).to.deep.equal({
      visitors5: en(first.active.last5Minutes.visitors),
      visitors30: en(first.active.last30Minutes.visitors),
      sessions5: en(first.active.last5Minutes.sessions),
      sessions30: en(first.active.last30Minutes.sessions),
      pageviews: en(first.totals.pageviews),
      plays: en(first.totals.plays),
    });
    // Names are shown as text: a path with markup in it stays text.
    expect(await ranked(page, 'realtime-pages')).to.deep.equal(first.top.pages.map((p) => [p.url, en(p.pageviews)]));
    expect(await ranked(page, 'realtime-videos')).to.deep.equal([
      ['tour', '2'],
      ['chef', '1'],
    ]);
    expect(await page.locator('[data-testid=realtime-pages] b').count()).to.equal(0);
    await page.waitForSelector('figure.chart canvas');
    // The chart's hidden table: 30 minutes, the last one holding the page views.
    const rows = await page.$$eval('figure.chart table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => c.textContent)));
    expect(rows).to.have.length(30);
    expect(rows.reduce((n, r) => n + Number(r[1]), 0)).to.equal(first.totals.pageviews);
    await d.screenshot(page, 'realtime-1280');
    expect(await seriousA11yViolations(page)).to.deep.equal([]);

    // Two more visitors: the screen polls every 10 s.
    await ingest([...visit(['/menu']), ...visit(['/menu'])]);
    const started = Date.now();
    await page.waitForFunction(() => document.querySelector('[data-metric=visitors5] [data-value]')?.textContent === '5', undefined, { timeout: 12_000 });
    expect(Date.now() - started).to.be.below(12_000);
    expect((await cards(page)).pageviews).to.equal(en(6));
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
