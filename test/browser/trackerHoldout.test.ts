import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startWeb, type WebServer } from '../../api/server.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { spawnRole, stopRole, waitFor } from '../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../helpers/services.js';
import { buildTracker, CHROMIUM, CHROMIUM_ARGS, REAL_UA, requireChromium, snippet, startSite, type PageSite } from './helpers.js';

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
  let t: TestEnv;
  let web: WebServer;
  let worker: ChildProcess;
  let project: CreatedProject;
  let site: PageSite;
  let browser: Browser;
  const closers: (() => Promise<unknown>)[] = [];

  before(async function () {
    requireChromium(this);
    buildTracker();
    t = await createTestEnv({ PORT: '0' });
    closers.push(() => t.cleanup());
    site = await startSite(() => ({
      '/widget.html': `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>${snippet(web.url, project.writeKey)}</head>
<body><div id="widget" data-cp-widget><button data-cp-open>Watch</button></div></body></html>`,
    }));
    closers.push(() => site.close());
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Shop', timezone: 'UTC', allowedOrigins: [site.origin] });
    await orm.close();
    await t.pool.query('update projects set holdout_percent = 20, holdout_salt = $1 where id = $2', [SALT, project.projectId]);
    // Started after the settings are stored, so its project cache serves them from the start.
    web = await startWeb(t.config, silentLog);
    closers.push(() => web.close());
    worker = spawnRole('worker/main.ts', t.env);
    closers.push(() => stopRole(worker));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    closers.push(() => browser.close());
  });
  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  /** A browser whose visitor id (and, for a returning visitor, stored settings) exist before the first load. */
  async function visitorContext(visitorId: string, settings?: object): Promise<BrowserContext> {
    const context = await browser.newContext({ userAgent: REAL_UA });
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
    (await t.pool.query<Row>('select type, percent from events where visitor_id = $1 order by occurred_at, type', [visitorId])).rows;

  it('when a returning held-out visitor loads the page twice then the widget is hidden and one holdout event is stored, no impression', async () => {
    const context = await visitorContext(HELD_OUT, { holdoutPercent: 20, holdoutSalt: SALT });
    const page = await context.newPage();
    await page.goto(`${site.origin}/widget.html`);
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
    await page.goto(`${site.origin}/widget.html`);
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
    await page.goto(`${site.origin}/widget.html`);
    await page.waitForFunction(() => document.getElementById('widget')?.hidden === true, undefined, { timeout: 10_000 });
    await waitFor(async () => ((await eventsOf(firstTimer)).some((r) => r.type === 'holdout') ? true : undefined), 20_000, 'the holdout event');
    expect((await eventsOf(firstTimer)).map((r) => r.type)).to.not.include('impression');
    await context.close();
  });
});
