import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { startWeb, type WebServer } from '../../api/server.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { rollupDay } from '../../worker/rollup/rollupDay.js';
import { spawnRole, stopRole } from '../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../helpers/services.js';
import { buildTracker, CHROMIUM, CHROMIUM_ARGS, REAL_UA, requireChromium, snippet, startSite, type PageSite } from './helpers.js';

interface RangeRow {
  play_id: string;
  range_from: number;
  range_to: number;
}

interface Retention {
  plays: number;
  duration: { seconds: number; source: string } | null;
  seconds: { second: number; watched: number }[];
}

declare global {
  interface Window {
    cuepoint?: unknown;
  }
}

describe('tracker in Chromium: a seek forward leaves a gap in the audience-retention curve', function () {
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
    site = await startSite((origin) => ({
      '/clip.html': `<!doctype html><html><head><meta charset="utf-8"><title>Clip</title>${snippet(web.url, project.writeKey)}</head><body>
  <video id="v" data-cp-video="clip" data-cp-slot="hero" src="${origin}/clip.webm" muted playsinline preload="auto"></video></body></html>`,
    }));
    closers.push(() => site.close());
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Clips', timezone: 'UTC', allowedOrigins: [site.origin] });
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

  it('when a viewer plays past 1 s, seeks to 2.6 s and plays to the end then seconds 0 and 3 are watched and 1 and 2 are not', async () => {
    const context = await browser.newContext({ userAgent: REAL_UA });
    const page = await context.newPage();
    await page.goto(`${site.origin}/clip.html`);
    await page.waitForFunction(() => typeof window.cuepoint === 'function' && 'bind' in (window.cuepoint as object), undefined, { timeout: 10_000 });
    // Written without named inner functions: tsx would wrap them in a helper the page lacks.
    const played = await page.evaluate(async () => {
      const v = document.getElementById('v') as HTMLVideoElement;
      await v.play();
      while (v.currentTime < 1.0) await new Promise((resolve) => setTimeout(resolve, 20));
      const seekedAt = v.currentTime;
      const seeked = new Promise<void>((resolve) => v.addEventListener('seeked', () => resolve(), { once: true }));
      v.currentTime = 2.6;
      await seeked;
      await new Promise<void>((resolve) => v.addEventListener('ended', () => resolve(), { once: true }));
      return { seekedAt, duration: v.duration };
    });
    // Second 1 (midpoint 1.5) must lie past the seek for the gap to be the seek's.
    expect(played.seekedAt).to.be.lessThan(1.5);
    await page.goto('about:blank');
    await context.close();

    let ranges: RangeRow[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      ranges = (await t.pool.query<RangeRow>('select play_id, range_from, range_to from play_watch_ranges where project_id = $1 order by range_from', [project.projectId])).rows;
      if (ranges.some((r) => r.range_to >= played.duration - 0.3)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(new Set(ranges.map((r) => r.play_id)).size).to.equal(1);
    // No stored range spans the seek from ~1 s to 2.6 s.
    expect(ranges.filter((r) => r.range_from < 2 && r.range_to > 2)).to.deep.equal([]);

    const day = new Date().toISOString().slice(0, 10);
    for (const d of [day, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)]) await rollupDay(t.pool, project.projectId, d);
    const answer = await fetch(`${web.url}/v1/stats/audience-retention?videoId=clip`, { headers: { authorization: `Bearer ${project.readKey}` } });
    expect(answer.status).to.equal(200);
    const body = (await answer.json()) as Retention;
    expect(body.plays).to.equal(1);
    expect(body.duration?.source).to.equal('reported');
    expect(body.duration?.seconds).to.be.closeTo(played.duration, 0.1);
    expect(body.seconds.slice(0, 4).map((p) => p.watched)).to.deep.equal([1, 0, 0, 1]);
  });
});
