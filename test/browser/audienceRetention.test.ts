import { expect } from 'chai';
import { rollupDay } from '../../worker/rollup/rollupDay.js';
import { TrackerHarness } from './trackerHarness.js';

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

describe('tracker in Chromium: a seek forward leaves a gap in the audience-retention curve', function () {
  this.timeout(90_000);
  const h = TrackerHarness.forSuite({
    projectName: 'Clips',
    pages: ({ origin, head }) => ({
      '/clip.html': `${head('Clip')}<body>
  <video id="v" data-cp-video="clip" data-cp-slot="hero" src="${origin}/clip.webm" muted playsinline preload="auto"></video></body></html>`,
    }),
  });

  it('when a viewer plays past 1 s, seeks to 2.6 s and plays to the end then seconds 0 and 3 are watched and 1 and 2 are not', async () => {
    const { context, page } = await h.open('/clip.html');
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

    const ranges = await h.poll(
      () => h.rows<RangeRow>('select play_id, range_from, range_to from play_watch_ranges where project_id = $1 order by range_from', [h.project.projectId]),
      (rows) => rows.some((r) => r.range_to >= played.duration - 0.3),
    );
    expect(new Set(ranges.map((r) => r.play_id)).size).to.equal(1);
    // No stored range spans the seek from ~1 s to 2.6 s.
    expect(ranges.filter((r) => r.range_from < 2 && r.range_to > 2)).to.deep.equal([]);

    const day = new Date().toISOString().slice(0, 10);
    for (const d of [day, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)]) await rollupDay(h.t.pool, h.project.projectId, d);
    const answer = await h.stats('/v1/stats/audience-retention?videoId=clip');
    expect(answer.status).to.equal(200);
    const body = (await answer.json()) as Retention;
    expect(body.plays).to.equal(1);
    expect(body.duration?.source).to.equal('reported');
    expect(body.duration?.seconds).to.be.closeTo(played.duration, 0.1);
    expect(body.seconds.slice(0, 4).map((p) => p.watched)).to.deep.equal([1, 0, 0, 1]);
  });
});
