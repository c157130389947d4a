import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectStreamFunnelAndRetention, VIDEO_SPEC_EXPECTED, VIDEO_SPEC_LENGTH, VIDEO_SPEC_STREAM } from '../../helpers/videoSpecStream.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { dirtyDays, rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;
const DERIVED_TYPES = ['video_request', 'video_play', 'video_progress', 'video_time', 'video_pause', 'video_resume', 'video_seek', 'video_stall', 'video_end'];

/**
 * A Video Spec stream (test/helpers/videoSpecStream.ts) posted as `video_state` signals through
 * /v1/events: in order in one request, shuffled one request at a time (each processed before the
 * next is posted, so the worker sees them out of order), and in two requests whose jobs two
 * workers write at the same time. Every stats answer must be the hand-computed one, and the same
 * for all three.
 */
describe('stats: Video Spec signals through the API, worker and rollup', function () {
  this.timeout(120_000);
  let h: Harness;
  let workers: RunningWorker[] = [];
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const start = d1 + 10 * 3_600_000;

  const signals = () => {
    const who = { visitorId: randomUUID(), sessionId: randomUUID(), playId: randomUUID() };
    return VIDEO_SPEC_STREAM.map((s, i) => ({
      id: randomUUID(),
      type: 'video_state',
      ts: start + s.t * 1000,
      ...who,
      // Only some signals name the video and slot, as Segment's playback events often do not.
      ...(i % 3 === 1 ? { videoId: 'intro', slotId: 'hero' } : {}),
      state: s.state,
      position: s.position,
      totalLength: VIDEO_SPEC_LENGTH,
      ...(s.seekPosition === undefined ? {} : { seekPosition: s.seekPosition }),
      ...(i === 0 ? { autoplay: false } : {}),
    }));
  };

  const count = async (projectId: string, types: readonly string[]) =>
    Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events where project_id = $1 and type = any($2)`, [projectId, types])).rows[0]!.n);
  const post = async (p: number, events: unknown[]) => {
    const answer = await h.post({ events }, { key: h.projects[p]!.writeKey, origin: SHOP });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
  };
  const stats = async (p: number, path: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/${path}${path.includes('?') ? '&' : '?'}from=${day1}&to=${day1}`, h.projects[p]!.readKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json;
  };
  const answers = async (p: number) => ({
    videos: await stats(p, 'videos'),
    playback: await stats(p, 'playback'),
    funnel: await stats(p, 'video-funnel'),
    retention: await stats(p, 'audience-retention?videoId=intro'),
  });

  before(async () => {
    // One job at a time per worker, so two workers hold two jobs in two transactions.
    h = await startHarness({
      env: { WORKER_CONCURRENCY: '1' },
      projects: ['Ordered', 'Shuffled', 'Concurrent', 'Midnight'].map((name) => ({ name, timezone: 'UTC', allowedOrigins: [SHOP] })),
    });
    workers = [await startWorker(h.t.config, silentLog)];
  });
  after(async () => {
    for (const w of workers) await w.close();
    await h.close();
  });

  it('when the stream is posted in order then plays, milestones, watch seconds, stalls and retention are the hand-computed ones', async () => {
    const project = h.projects[0]!.projectId;
    await post(0, signals());
    await waitFor('the derived events', async () => (await count(project, DERIVED_TYPES)) === VIDEO_SPEC_EXPECTED.derivedEvents);
    await rollupAll(h.t.pool, project);
    const a = await answers(0);
    const videos = a.videos.videos as Record<string, unknown>[];
    expect(videos).to.have.length(1);
    // One play of intro in slot hero (the signals that named them named them for the whole play);
    // 50 % is never reached: the seek forward jumped over it. 100 % on Content Completed.
    expect(videos[0]).to.deep.include({ videoId: 'intro', plays: 1, viewers: 1, reach25: 1, reach50: 0, reach75: 1, reach100: 1, watchSeconds: 105 });
    expect((videos[0]!.slots as Record<string, unknown>[]).map((x) => x.slotId)).to.deep.equal(['hero']);
    // One requested view started after 2,000 ms: the histogram bucket [2000, 3000) interpolates
    // p50 to 2500 and p95 to 2950. One stall of 3,000 ms over 105 s: 100 × 3 / 105 = 2.8571 %.
    expect(a.playback.rows).to.deep.equal([
      {
        videoId: 'intro',
        slotId: 'hero',
        views: 1,
        started: 1,
        startupTimes: 1,
        startupP50Ms: 2500,
        startupP95Ms: 2950,
        rebufferCount: 1,
        stallMs: 3000,
        watchSeconds: 105,
        rebufferPercent: 2.8571,
        exitsBeforeStart: 0,
        exitsBeforeStartPercent: 0,
        startupFailures: 0,
        startupFailurePercent: 0,
        playbackFailures: 0,
        playbackFailurePercent: 0,
      },
    ]);
    expectStreamFunnelAndRetention(a);
  });

  it('when the same stream arrives shuffled, one signal per request, then every answer is the same', async () => {
    const project = h.projects[1]!.projectId;
    const shuffled = fc.sample(fc.shuffledSubarray(signals(), { minLength: VIDEO_SPEC_STREAM.length, maxLength: VIDEO_SPEC_STREAM.length }), { numRuns: 1, seed: 17 })[0]!;
    // Out of order for real, so derivations are replaced when a signal lands between others.
    const arrival = shuffled.map((s) => s.ts);
    expect(arrival).not.to.deep.equal([...arrival].sort((x, y) => x - y));
    for (const [i, s] of shuffled.entries()) {
      await post(1, [s]);
      await waitFor(`signal ${i}`, async () => (await count(project, ['video_state'])) === i + 1);
    }
    await waitFor('the derived events', async () => (await count(project, DERIVED_TYPES)) === VIDEO_SPEC_EXPECTED.derivedEvents);
    // Replaced derivations leave nothing behind: exactly the final set is stored.
    const { rows } = await h.t.pool.query<{ n: string }>(`select count(*)::text as n from video_state_derived where project_id = $1`, [project]);
    expect(Number(rows[0]!.n)).to.equal(VIDEO_SPEC_EXPECTED.derivedEvents);
    await rollupAll(h.t.pool, project);
    expect(await answers(1)).to.deep.equal(await answers(0));
  });

  it('when two requests with signals of one play are written at the same time by two workers then every answer is the same', async () => {
    const project = h.projects[2]!.projectId;
    workers.push(await startWorker(h.t.config, silentLog));
    const all = signals();
    const holder = await h.t.pool.connect();
    try {
      // Hold the play's derivation lock so both jobs reach it and wait there together.
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(3, hashtext($1::uuid::text || '/' || $2::uuid::text))`, [project, all[0]!.playId]);
      await post(2, all.filter((_, i) => i % 2 === 0));
      await post(2, all.filter((_, i) => i % 2 === 1));
      await waitFor('both writers at the lock', async () => {
        const { rows } = await h.t.pool.query<{ n: string }>(`select count(*)::text as n from pg_locks where locktype = 'advisory' and classid = 3 and not granted`);
        return Number(rows[0]!.n) === 2;
      });
      await holder.query('commit');
    } finally {
      holder.release();
    }
    await waitFor('the derived events', async () => (await count(project, DERIVED_TYPES)) === VIDEO_SPEC_EXPECTED.derivedEvents);
    await rollupAll(h.t.pool, project);
    expect(await answers(2)).to.deep.equal(await answers(0));
  });

  it('when a late Content Started moves a play from after midnight to before it then both days are marked and the play moves', async () => {
    const project = h.projects[3]!.projectId;
    const day2 = new Date(d1 + DAY_MS).toISOString().slice(0, 10);
    const midnight = d1 + DAY_MS;
    const who = { visitorId: randomUUID(), sessionId: randomUUID(), playId: randomUUID(), videoId: 'intro', slotId: 'hero', totalLength: 40 };
    const signal = (ts: number, state: string, position: number) => ({ id: randomUUID(), type: 'video_state', ts, ...who, state, position });
    // Heartbeats only: the first one (00:00:05, day 2) stands in for the first frame.
    await post(3, [signal(midnight + 5000, 'playing', 5), signal(midnight + 15_000, 'playing', 15)]);
    await waitFor('the first derivation', async () => (await count(project, ['video_play'])) === 1);
    await rollupAll(h.t.pool, project);
    const plays = async (day: string) => {
      const answer = await withBearer(h, 'GET', `/v1/stats/videos?from=${day}&to=${day}`, h.projects[3]!.readKey);
      return ((answer.json.videos as { plays: number; watchSeconds: number }[])[0] ?? { plays: 0, watchSeconds: 0 });
    };
    expect(await plays(day2)).to.deep.include({ plays: 1, watchSeconds: 10 });
    // Content Started at 23:59:55 of day 1, position 0: the play starts there, and [0, 5) is
    // watched up to the first heartbeat, on day 2 with the rest: 5 + 10 s.
    await post(3, [signal(midnight - 5000, 'content_started', 0)]);
    await waitFor('the replaced derivation', async () => {
      const { rows } = await h.t.pool.query<{ at: Date }>(`select occurred_at as at from events where project_id = $1 and type = 'video_play'`, [project]);
      return rows.length === 1 && rows[0]!.at.getTime() === midnight - 5000;
    });
    expect(await dirtyDays(h.t.pool, project)).to.deep.equal([day1, day2]);
    await rollupAll(h.t.pool, project);
    expect(await plays(day1)).to.deep.include({ plays: 1, watchSeconds: 0 });
    expect(await plays(day2)).to.deep.include({ plays: 0, watchSeconds: 15 });
    expect(await count(project, ['video_time'])).to.equal(2);
  });
});
