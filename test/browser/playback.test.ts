import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { rollupDay } from '../../worker/rollup/rollupDay.js';
import { TrackerHarness } from './trackerHarness.js';

interface Stored {
  type: string;
  slot_id: string;
  play_id: string;
  startup_ms: number | null;
  stall_ms: number | null;
  fatal: boolean | null;
  props: Record<string, unknown> | null;
}

/**
 * The 20 s clip streams at about 8.5 KB/s; at 4 KB/s the first frame comes once the media cache's
 * first blocks are in (about 9 s), and playback then runs out of data a few seconds later.
 */
const SLOW_BYTES_PER_S = 4000;

describe('tracker in Chromium: playback quality with a real video (stalls, startup failures, exits before start)', function () {
  this.timeout(110_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Playback',
    pages: ({ origin, head }) => {
      // preload="none": nothing loads before the viewer's click, so the click is the request.
      const player = (slot: string, src: string) => `${head('Playback')}<body>
  <video id="v" data-cp-video="intro" data-cp-slot="${slot}" src="${origin}${src}" muted playsinline preload="none"></video>
  <button id="play" onclick="document.getElementById('v').play().catch(function () {})">Play</button></body></html>`;
      return {
        '/stall.html': player('stall', '/clip-20s.webm?stall'),
        // Nothing serves /missing.webm: a 404 is a source the element cannot play.
        '/broken.html': player('broken', '/missing.webm'),
        '/abandon.html': player('abandon', '/clip.webm?abandon'),
        '/done.html': `${head('Playback')}<body>done</body></html>`,
      };
    },
  });

  /** Leaves the page (pagehide ends the play), then lets the next page resend until the queue holds no video event. */
  async function leave(context: BrowserContext, page: Page): Promise<void> {
    await page.goto(`${h.site.origin}/done.html`);
    await page.waitForFunction(() => !(localStorage.getItem('cp_q') ?? '').includes('"video_'), undefined, { timeout: 15_000 });
    await context.close();
  }

  async function storedFor(slot: string, until: (rows: Stored[]) => boolean): Promise<Stored[]> {
    return h.poll(
      () =>
        h.rows<Stored>(
          `select type, slot_id, play_id::text, startup_ms, stall_ms, fatal, props from events where project_id = $1 and slot_id = $2 order by occurred_at, type`,
          [h.project.projectId, slot],
        ),
      until,
    );
  }

  async function playbackOf(slot: string): Promise<Record<string, unknown>> {
    const today = new Date().toISOString().slice(0, 10);
    await rollupDay(h.t.pool, h.project.projectId, today);
    const res = await h.stats(`/v1/stats/playback?from=${today}&to=${today}&slotId=${slot}`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { rows: Record<string, unknown>[] };
    expect(body.rows).to.have.length(1);
    return body.rows[0]!;
  }

  it('when the network is throttled below the clip’s bitrate then playback stalls after its first frame and the stall is counted', async () => {
    const { context, page } = await h.open('/stall.html');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: SLOW_BYTES_PER_S, uploadThroughput: -1 });
    // Watch for playing → waiting (not seeking): playback ran out of data after its first frame.
    const stalled = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const v = document.getElementById('v') as HTMLVideoElement;
          let started = false;
          v.addEventListener('playing', () => {
            started = true;
          });
          v.addEventListener('waiting', () => {
            if (started && !v.seeking) resolve();
          });
        }),
    );
    await page.click('#play');
    await stalled;
    // Lifting the throttle ends the stall: the next `playing` sends it.
    const resumed = page.evaluate(() => new Promise<void>((resolve) => document.getElementById('v')!.addEventListener('playing', () => resolve(), { once: true })));
    await page.waitForTimeout(300);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await resumed;
    await page.waitForTimeout(500);
    await leave(context, page);

    const rows = await storedFor('stall', (r) => r.some((x) => x.type === 'video_stall') && r.some((x) => x.type === 'video_end'));
    const types = rows.map((r) => r.type);
    expect(types).to.include.members(['video_request', 'video_play', 'video_stall', 'video_end']);
    expect(new Set(rows.map((r) => r.play_id)).size).to.equal(1);
    const play = rows.find((r) => r.type === 'video_play')!;
    expect(play.startup_ms).to.be.a('number').and.greaterThan(0);
    const stalls = rows.filter((r) => r.type === 'video_stall');
    expect(stalls.length).to.be.at.least(1);
    // The throttle was held 300 ms into the stall before it was lifted.
    expect(Math.max(...stalls.map((s) => s.stall_ms ?? 0))).to.be.at.least(250);

    const figures = await playbackOf('stall');
    expect(figures).to.include({ views: 1, started: 1, startupTimes: 1, exitsBeforeStart: 0, startupFailures: 0, rebufferCount: stalls.length });
    expect(figures.stallMs).to.equal(stalls.reduce((s, r) => s + (r.stall_ms ?? 0), 0));
    expect(figures.rebufferPercent).to.be.greaterThan(0);
  });

  it('when the source cannot be played then the request ends in a fatal error: a startup failure, not an exit', async () => {
    const { context, page } = await h.open('/broken.html');
    await page.click('#play');
    await page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).error !== null, undefined, { timeout: 10_000 });
    await leave(context, page);

    const rows = await storedFor('broken', (r) => r.some((x) => x.type === 'video_end'));
    expect(rows.map((r) => r.type)).to.have.members(['video_request', 'video_error', 'video_end']).and.have.length(3);
    const error = rows.find((r) => r.type === 'video_error')!;
    expect(error.fatal).to.equal(true);
    expect(error.props).to.deep.equal({ code: '4' });
    expect(rows.find((r) => r.type === 'video_end')?.props).to.deep.equal({ reason: 'error' });
    expect(rows.find((r) => r.type === 'video_request')?.props).to.deep.equal({ autoplay: false });

    expect(await playbackOf('broken')).to.include({ views: 1, started: 0, startupFailures: 1, startupFailurePercent: 100, exitsBeforeStart: 0 });
  });

  it('when the viewer leaves before the first frame then the request ends as exited: an exit before start', async () => {
    const { context, page } = await h.open('/abandon.html');
    // The media request is held unanswered, so the first frame never comes.
    await page.route('**/clip.webm?abandon', () => undefined);
    await page.click('#play');
    await page.waitForFunction(() => (localStorage.getItem('cp_q') ?? '').includes('"video_request"'), undefined, { timeout: 5_000 });
    await leave(context, page);

    const rows = await storedFor('abandon', (r) => r.some((x) => x.type === 'video_end'));
    expect(rows.map((r) => r.type)).to.deep.equal(['video_request', 'video_end']);
    expect(rows[1]!.props).to.deep.equal({ reason: 'exited' });

    expect(await playbackOf('abandon')).to.include({ views: 1, started: 0, startupTimes: 0, exitsBeforeStart: 1, exitsBeforeStartPercent: 100, startupFailures: 0 });
  });
});
