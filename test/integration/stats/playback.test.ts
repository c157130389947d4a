import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from '../api/assertions.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { BOT_UA, dirtyDays, rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;

describe('stats: playback quality through the API, worker and rollup', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const day2 = new Date(d1 + DAY_MS).toISOString().slice(0, 10);
  const visitor = { visitorId: randomUUID(), sessionId: randomUUID() };
  const at = (minute: number, ms = 0) => d1 + 10 * 3_600_000 + minute * 60_000 + ms;
  const ev = (type: string, ts: number, play: Play, fields: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    type,
    ts,
    ...visitor,
    videoId: play.videoId,
    slotId: play.slotId,
    playId: play.playId,
    ...fields,
  });
  interface Play {
    videoId: string;
    slotId: string;
    playId: string;
  }
  const play = (slotId = 'home'): Play => ({ videoId: 'intro', slotId, playId: randomUUID() });
  const [p1, p2, p3, p4, p5, p6, p7, pBot] = [play(), play(), play(), play(), play(), play('promo'), play(), play()];

  // The hand-computed scenario (UTC project). On day 1, intro/home:
  //   p1 request, first frame after 400 ms (bucket [250, 500)), 30 s watched, stalls of 2000 and 1000 ms,
  //      a seek, a pause and a resume (none of which change a figure), end completed;
  //   p2 request, first frame after 1200 ms ([1000, 1500)), 20 s watched, then a fatal error: a playback failure;
  //   p3 request, nothing else: an exit before start;
  //   p4 request, then a fatal error: a startup failure (a non-fatal error before it changes nothing);
  //   p5 an old tracker: a first frame without startupMs and no request: a view, started, no startup time; 10 s;
  //   p7 request at 23:59:59.000, first frame on day 2 at 00:00:00.800 after 1800 ms ([1500, 2000)),
  //      sent after day 1 was rolled up: day 1 is marked again and counts it; its 5 s are day 2's.
  // intro/promo: p6 request, first frame after 90 ms ([0, 100)), 10 s.
  // A bot: request and first frame after 100 ms on intro/home, 50 s: counted only with includeBots.
  const humans = [
    ev('video_request', at(0), p1, { autoplay: false }),
    ev('video_play', at(0, 400), p1, { startupMs: 400, autoplay: false }),
    ev('video_stall', at(0, 10_000), p1, { durationMs: 2000 }),
    ev('video_seek', at(0, 15_000), p1, { from: 10, to: 20 }),
    ev('video_pause', at(0, 16_000), p1, { position: 20 }),
    ev('video_resume', at(0, 17_000), p1, { position: 20 }),
    ev('video_stall', at(0, 20_000), p1, { durationMs: 1000 }),
    ev('video_time', at(0, 30_000), p1, { seconds: 30 }),
    ev('video_end', at(0, 40_000), p1, { reason: 'completed' }),
    ev('video_request', at(1), p2),
    ev('video_play', at(1, 1200), p2, { startupMs: 1200 }),
    ev('video_time', at(1, 20_000), p2, { seconds: 20 }),
    ev('video_error', at(1, 21_000), p2, { code: 'MEDIA_ERR_NETWORK', fatal: true }),
    ev('video_end', at(1, 21_000), p2, { reason: 'error' }),
    ev('video_request', at(2), p3, { autoplay: true }),
    ev('video_end', at(2, 5000), p3, { reason: 'exited' }),
    ev('video_request', at(3), p4),
    ev('video_error', at(3, 100), p4, { code: 'stalled', fatal: false }),
    ev('video_error', at(3, 500), p4, { code: 'MEDIA_ERR_SRC_NOT_SUPPORTED', fatal: true }),
    ev('video_play', at(4), p5),
    ev('video_time', at(4, 10_000), p5, { seconds: 10 }),
    ev('video_request', at(5), p6),
    ev('video_play', at(5, 90), p6, { startupMs: 90 }),
    ev('video_time', at(5, 10_000), p6, { seconds: 10 }),
    ev('video_request', d1 + DAY_MS - 1000, p7),
  ];
  const lateFirstFrame = [ev('video_play', d1 + DAY_MS + 800, p7, { startupMs: 1800 }), ev('video_time', d1 + DAY_MS + 5800, p7, { seconds: 5 })];
  const bots = [ev('video_request', at(6), pBot), ev('video_play', at(6, 100), pBot, { startupMs: 100 }), ev('video_time', at(6, 50_000), pBot, { seconds: 50 })];

  const countEvents = async () => Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n);
  const stats = async (query: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/playback?${query}`, h.project.readKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as { rows: Record<string, unknown>[]; other: unknown; total: Record<string, unknown> };
  };

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Playback', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
    expect((await h.post({ events: humans }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    expect((await h.post({ events: bots }, { key: h.project.writeKey, origin: SHOP, headers: { 'user-agent': BOT_UA } })).status).to.equal(202);
    await waitFor('the events', async () => (await countEvents()) === humans.length + bots.length);
    await rollupAll(h.t.pool, h.project.projectId);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when a request before midnight has no first frame yet then it counts as an exit before start on its day', async () => {
    const body = await stats(`from=${day1}&to=${day1}&videoId=intro&slotId=home`);
    expect(body.rows[0]).to.include({ views: 6, started: 3, exitsBeforeStart: 2 });
  });

  it('when its first frame arrives after midnight then the request day is marked again and counts it as started', async () => {
    expect((await h.post({ events: lateFirstFrame }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    await waitFor('the late events', async () => (await countEvents()) === humans.length + bots.length + lateFirstFrame.length);
    expect(await dirtyDays(h.t.pool, h.project.projectId)).to.deep.equal([day1, day2]);
    await rollupAll(h.t.pool, h.project.projectId);
    const body = await stats(`from=${day1}&to=${day1}&videoId=intro&slotId=home`);
    expect(body.rows[0]).to.include({ views: 6, started: 4, exitsBeforeStart: 1 });
  });

  it('when day 1 is read then each figure is the hand-computed one, rates of sums and percentiles from the summed histogram', async () => {
    const body = await stats(`from=${day1}&to=${day1}`);
    expect(body.rows).to.deep.equal([
      {
        videoId: 'intro',
        slotId: 'home',
        views: 6,
        started: 4,
        startupTimes: 3,
        // Buckets [250,500) [1000,1500) [1500,2000) hold one each: rank 1.5 lies halfway into [1000,1500).
        startupP50Ms: 1250,
        // Rank 2.85: 0.85 of the way into [1500, 2000).
        startupP95Ms: 1925,
        rebufferCount: 2,
        stallMs: 3000,
        watchSeconds: 60,
        rebufferPercent: 5,
        exitsBeforeStart: 1,
        exitsBeforeStartPercent: 16.6667,
        startupFailures: 1,
        startupFailurePercent: 16.6667,
        playbackFailures: 1,
        playbackFailurePercent: 16.6667,
      },
      {
        videoId: 'intro',
        slotId: 'promo',
        views: 1,
        started: 1,
        startupTimes: 1,
        startupP50Ms: 50,
        startupP95Ms: 95,
        rebufferCount: 0,
        stallMs: 0,
        watchSeconds: 10,
        rebufferPercent: 0,
        exitsBeforeStart: 0,
        exitsBeforeStartPercent: 0,
        startupFailures: 0,
        startupFailurePercent: 0,
        playbackFailures: 0,
        playbackFailurePercent: 0,
      },
    ]);
    expect(body.other).to.equal(null);
    // Four startup times, one in each of [0,100) [250,500) [1000,1500) [1500,2000): rank 2 is the top of
    // [250,500); rank 3.8 lies 0.8 of the way into [1500,2000).
    expect(body.total).to.include({ views: 7, started: 5, startupTimes: 4, startupP50Ms: 500, startupP95Ms: 1900, watchSeconds: 70 });
  });

  it('when the range spans both days then the late play counts once, on its request day, and day 2 adds only its watch seconds', async () => {
    const body = await stats(`from=${day1}&to=${day2}&videoId=intro&slotId=home`);
    expect(body.rows[0]).to.include({ views: 6, started: 4, startupTimes: 3, watchSeconds: 65, rebufferCount: 2 });
    const day2Only = await stats(`from=${day2}&to=${day2}`);
    expect(day2Only.total).to.include({ views: 0, started: 0, startupTimes: 0, startupP50Ms: null, watchSeconds: 5, exitsBeforeStartPercent: null });
  });

  it('when includeBots is set then the bot play counts too, and without it not', async () => {
    const body = await stats(`from=${day1}&to=${day1}&videoId=intro&slotId=home&includeBots=true`);
    expect(body.rows[0]).to.include({ views: 7, started: 5, startupTimes: 4, watchSeconds: 110 });
  });

  it('when limit is 1 then the second pair is in other and the total still holds both', async () => {
    const body = await stats(`from=${day1}&to=${day1}&limit=1`);
    expect(body.rows.map((r) => r.slotId)).to.deep.equal(['home']);
    expect(body.other).to.include({ views: 1, startupP50Ms: 50 });
    expect(body.total).to.include({ views: 7 });
  });

  it('when a playback event breaks the contract then it is refused before the 202 naming the field', async () => {
    const bad = [
      ev('video_stall', at(9), p1, { durationMs: 3_600_001 }),
      ev('video_play', at(9), p1, { startupMs: -1 }),
      ev('video_error', at(9), p1, { code: 'x' }),
      ev('video_end', at(9), p1, { reason: 'bored' }),
      ev('video_seek', at(9), p1, { from: 1 }),
    ];
    const answer = await h.post({ events: bad }, { key: h.project.writeKey, origin: SHOP });
    expect(answer.status).to.equal(400);
    const rejected = (answer.json as { rejected: { index: number; field: string }[] }).rejected;
    expect(rejected.map((r) => [r.index, r.field])).to.deep.equal([
      [0, 'durationMs'],
      [1, 'startupMs'],
      [2, 'fatal'],
      [3, 'reason'],
      [4, 'to'],
    ]);
  });

  it('when the playback query names an unknown parameter then it is a 400 naming it', async () => {
    const answer = await withBearer(h, 'GET', `/v1/stats/playback?from=${day1}&to=${day1}&video=intro`, h.project.readKey);
    expectClientError(answer, 400, 'invalid_parameter', 'video');
  });
});
