import { expect } from 'chai';
import type { BrowserContext } from 'playwright-core';
import { waitFor } from '../helpers/processes.js';
import { TrackerHarness } from './trackerHarness.js';

const SALT = '0123456789abcdef';
/** Under SALT, this visitor's bucket is 1 (below the 20 % holdout) and the other's 77 (test/helpers/holdoutBuckets.ts). */
const HELD_OUT = '00000000-0000-4000-8000-000000000004';
const EXPOSED = '00000000-0000-4000-8000-000000000000';

interface Row {
  type: string;
  percent: number | null;
}

describe('tracker in Chromium: the holdout hides the widget from held-out visitors', function () {
  this.timeout(90_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Shop',
    pages: ({ head }) => ({
      '/widget.html': `${head('Shop')}
<body><div id="widget" data-cp-widget><button data-cp-open>Watch</button></div></body></html>`,
    }),
    // Stored before the API starts, so its project cache serves them from the start.
    beforeApi: async ({ t, project }) => {
      await t.pool.query('update projects set holdout_percent = 20, holdout_salt = $1 where id = $2', [SALT, project.projectId]);
    },
  });

  /** A browser whose visitor id (and, for a returning visitor, stored settings) exist before the first load. */
  async function visitorContext(visitorId: string, settings?: object): Promise<BrowserContext> {
    const context = await h.newContext();
    await context.addInitScript(
      ({ v, s }) => {
        if (localStorage.getItem('cp_v')) return;
        localStorage.setItem('cp_v', `${v}.${Date.now()}`);
        if (s) localStorage.setItem('cp_hs', s);
      },
      { v: visitorId, s: settings ? JSON.stringify(settings) : '' },
    );
    return context;
  }

  const eventsOf = async (visitorId: string) =>
    (await h.t.pool.query<Row>('select type, percent from events where visitor_id = $1 order by occurred_at, type', [visitorId])).rows;

  it('when a returning held-out visitor loads the page twice then the widget is hidden and one holdout event is stored, no impression', async () => {
    const context = await visitorContext(HELD_OUT, { holdoutPercent: 20, holdoutSalt: SALT });
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/widget.html`);
    await page.waitForFunction(() => document.getElementById('widget')?.hidden === true, undefined, { timeout: 10_000 });
    await waitFor(async () => ((await eventsOf(HELD_OUT)).some((r) => r.type === 'holdout') ? true : undefined), 20_000, 'the holdout event');
    await page.reload();
    await page.waitForFunction(() => document.getElementById('widget')?.hidden === true, undefined, { timeout: 10_000 });
    await waitFor(async () => ((await eventsOf(HELD_OUT)).filter((r) => r.type === 'page_view').length === 2 ? true : undefined), 20_000, 'the second page view');
    const rows = await eventsOf(HELD_OUT);
    expect(rows.filter((r) => r.type === 'holdout')).to.deep.equal([{ type: 'holdout', percent: 20 }]);
    expect(rows.map((r) => r.type)).to.not.include('impression');
    await context.close();
  });

  it('when an exposed visitor loads the page for the first time then the widget shows, an impression is stored and the fetched settings are kept', async () => {
    const context = await visitorContext(EXPOSED);
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/widget.html`);
    await waitFor(async () => ((await eventsOf(EXPOSED)).some((r) => r.type === 'impression') ? true : undefined), 20_000, 'the impression');
    expect(await page.evaluate(() => document.getElementById('widget')?.hidden)).to.equal(false);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('cp_hs'))) ?? 'null')).to.deep.equal({ holdoutPercent: 20, holdoutSalt: SALT });
    expect((await eventsOf(EXPOSED)).map((r) => r.type)).to.not.include('holdout');
    await context.close();
  });

  it('when a held-out visitor comes for the first time then the fetched settings hide the widget and a holdout event is sent', async () => {
    const firstTimer = '00000000-0000-4000-8000-000000000009'; // bucket 6
    const context = await visitorContext(firstTimer);
    const page = await context.newPage();
    await page.goto(`${h.site.origin}/widget.html`);
    await page.waitForFunction(() => document.getElementById('widget')?.hidden === true, undefined, { timeout: 10_000 });
    await waitFor(async () => ((await eventsOf(firstTimer)).some((r) => r.type === 'holdout') ? true : undefined), 20_000, 'the holdout event');
    expect((await eventsOf(firstTimer)).map((r) => r.type)).to.not.include('impression');
    await context.close();
  });
});
