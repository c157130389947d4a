import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { startWeb, type WebServer } from '../../api/server.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { spawnRole, stopRole, waitFor } from '../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../helpers/services.js';
import { buildTracker, CHROMIUM, CHROMIUM_ARGS, REAL_UA, requireChromium, snippet, startSite, type PageSite } from './helpers.js';

describe('tracker in Chromium: promoting a journey from a form', function () {
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
      '/booking.html': `<!doctype html><html><head><meta charset="utf-8"><title>Booking</title>${snippet(web.url, project.writeKey)}</head><body><p>book</p></body></html>`,
    }));
    closers.push(() => site.close());
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Shop', timezone: 'UTC', allowedOrigins: [site.origin] });
    await orm.close();
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

  it('when the page calls cuepoint.promote while its events could not be sent then the journey holds them and they are stored as ordinary events', async () => {
    const context = await browser.newContext({ userAgent: REAL_UA });
    // Ingest is unreachable for this page (a blocker, a flaky network): its page view stays queued.
    await context.route('**/v1/events', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${site.origin}/booking.html`);
    await page.waitForFunction(() => typeof (window as unknown as { cuepoint?: { promote?: unknown } }).cuepoint?.promote === 'function');
    const visitorId = await page.evaluate(() => (window as unknown as { cuepoint: { ids(): { visitorId: string } } }).cuepoint.ids().visitorId);
    await page.evaluate(() => (window as unknown as { cuepoint: { promote(p: object): void } }).cuepoint.promote({ email: 'Ann@Example.com', formId: 'booking' }));

    const journey = await waitFor(async () => {
      const { rows } = await t.pool.query<{ id: string; state: string; email: string; form_id: string; event_count: number }>(
        `select id, state, email, form_id, event_count from journeys where visitor_id = $1 and state <> 'pending'`,
        [visitorId],
      );
      return rows[0];
    }, 20_000, 'the promoted journey to be frozen');
    expect(journey).to.include({ state: 'ready', email: 'ann@example.com', form_id: 'booking' });
    const held = await t.pool.query<{ type: string; url: string }>(`select type, data->>'url' as url from journey_events where journey_id = $1`, [journey.id]);
    expect(held.rows.map((r) => r.type)).to.include('page_view');
    expect(held.rows.find((r) => r.type === 'page_view')?.url).to.equal(`${site.origin}/booking.html`);
    const stored = await t.pool.query(`select 1 from events where visitor_id = $1 and type = 'page_view'`, [visitorId]);
    expect(stored.rowCount).to.equal(1);
    await context.close();
  });
});
