import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from '../api/assertions.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { BOT_UA, rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;

interface Play {
  visitorId: string;
  sessionId: string;
  playId: string;
  videoId: string;
}
const newPlay = (videoId: string): Play => ({ visitorId: randomUUID(), sessionId: randomUUID(), playId: randomUUID(), videoId });

interface Point {
  second: number;
  watched: number;
  views: number;
  share: number | null;
  ratio: number | null;
}

describe('stats: audience retention, through the API, worker and rollup', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const d2 = d1 + DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const day2 = new Date(d2).toISOString().slice(0, 10);
  const base = (p: Play, ts: number) => ({ id: randomUUID(), ts, visitorId: p.visitorId, sessionId: p.sessionId, videoId: p.videoId, slotId: 'home', playId: p.playId });
  const play = (p: Play, ts: number, duration?: number) => ({ ...base(p, ts), type: 'video_play', ...(duration === undefined ? {} : { duration }) });
  const range = (p: Play, ts: number, from: number, to: number) => ({ ...base(p, ts), type: 'video_time', seconds: to - from, from, to });

  // Video `clip`, day 1 (UTC), each range covering the seconds whose midpoint s + 0.5 it holds:
  // P1 [0, 4.2) + [4.2, 8): seconds 0-7, in two events of one stretch.
  // P2 [0, 3), a seek forward, [6.3, 10): seconds 0-2 and 6-9, a gap at 3-5.
  // P3 [0, 5), a seek back, [2, 4): seconds 0-4, with 2 and 3 watched twice.
  // A bot play [0, 10), counted only with includeBots. Day 2: P4 [0, 2).
  // watched: s0-2 = 3, s3 = 2 (P1, P3), s4 = 2, s5 = 1 (P1), s6 = 2 (P1, P2), s7 = 2, s8 = 1, s9 = 1.
  // views:   s0 = 3, s1 = 3, s2 = 4, s3 = 3, s4 = 2, s5 = 1, s6 = 2, s7 = 2, s8 = 1, s9 = 1.
  const at = (minute: number) => d1 + 10 * 3_600_000 + minute * 60_000;
  const [p1, p2, p3, bot] = [newPlay('clip'), newPlay('clip'), newPlay('clip'), newPlay('clip')];
  const p4 = newPlay('clip');
  // Video `late`: a play that starts 10 s before midnight; its second stretch arrives after day 1 was rolled up.
  const late = newPlay('late');
  const human = [
    play(p1, at(0), 10),
    range(p1, at(1), 0, 4.2),
    range(p1, at(2), 4.2, 8),
    play(p2, at(5), 10),
    range(p2, at(6), 0, 3),
    range(p2, at(7), 6.3, 10),
    play(p3, at(10), 10.2),
    range(p3, at(11), 0, 5),
    range(p3, at(12), 2, 4),
    play(p4, d2 + 10 * 3_600_000),
    range(p4, d2 + 10 * 3_600_000 + 60_000, 0, 2),
    play(late, d2 - 10_000),
    range(late, d2 - 5_000, 0, 5),
  ];
  const bots = [play(bot, at(20), 10), range(bot, at(21), 0, 10)];
  const lateStretch = range(late, d2 + 4_000, 5, 9);

  const post = async (events: unknown[], ua?: string) => {
    const answer = await h.post({ events }, { key: h.project.writeKey, origin: SHOP, ...(ua === undefined ? {} : { headers: { 'user-agent': ua } }) });
    expect(answer.status).to.equal(202);
  };
  const stored = (n: number) => waitFor(`${n} events`, async () => (await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n === String(n));

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Retention', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
    await post(human);
    await post(bots, BOT_UA);
    await stored(human.length + bots.length);
    await rollupAll(h.t.pool, h.project.projectId);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  const retention = async (videoId: string, from: string, to: string, extra = '') => {
    const answer = await withBearer(h, 'GET', `/v1/stats/audience-retention?from=${from}&to=${to}&videoId=${videoId}${extra}`, h.project.readKey);
    expect(answer.status).to.equal(200);
    return answer.json as { plays: number; duration: unknown; seconds: Point[]; percent: (Point & { percent: number })[]; dropOff: unknown };
  };
  const column = (points: Point[], key: 'watched' | 'views') => points.map((p) => p[key]);

  it('when plays overlap, one seeks forward and one rewatches then each second counts the plays that watched it once and every view', async () => {
    const body = await retention('clip', day1, day1);
    expect(body.plays).to.equal(3);
    expect(body.duration).to.deep.equal({ seconds: 10, source: 'reported' });
    expect(column(body.seconds, 'watched')).to.deep.equal([3, 3, 3, 2, 2, 1, 2, 2, 1, 1]);
    expect(column(body.seconds, 'views')).to.deep.equal([3, 3, 4, 3, 2, 1, 2, 2, 1, 1]);
    expect(body.seconds[2]).to.deep.equal({ second: 2, watched: 3, views: 4, share: 1, ratio: 4 / 3 });
    // The first second at most half the plays watched: 5 (1 of 3).
    expect(body.dropOff).to.deep.equal({ second: 5, share: 1 / 3 });
  });

  it('when the duration is known then 101 percent points sample the seconds at floor(p × duration / 100)', async () => {
    const body = await retention('clip', day1, day1);
    expect(body.percent).to.have.length(101);
    const at = (p: number) => body.percent[p]!;
    expect([at(0).second, at(35).second, at(55).second, at(99).second, at(100).second]).to.deep.equal([0, 3, 5, 9, 9]);
    expect(at(55)).to.deep.include({ percent: 55, watched: 1, share: 1 / 3 });
  });

  it('when includeBots is set then the bot play counts in plays and in every second it watched', async () => {
    const body = await retention('clip', day1, day1, '&includeBots=true');
    expect(body.plays).to.equal(4);
    expect(column(body.seconds, 'watched')).to.deep.equal([4, 4, 4, 3, 3, 2, 3, 3, 2, 2]);
  });

  it('when the range spans two days then the days’ arrays are summed and shares divide by the range’s plays', async () => {
    const body = await retention('clip', day1, day2);
    expect(body.plays).to.equal(4);
    expect(column(body.seconds, 'watched')).to.deep.equal([4, 4, 3, 2, 2, 1, 2, 2, 1, 1]);
    expect(body.dropOff).to.deep.equal({ second: 3, share: 0.5 });
  });

  it('when a play crosses midnight then its later stretch counts on its start day once that day is rolled up again', async () => {
    const before = await retention('late', day1, day1);
    expect(column(before.seconds, 'watched')).to.deep.equal([1, 1, 1, 1, 1]);
    await post([lateStretch]);
    await stored(human.length + bots.length + 1);
    await rollupAll(h.t.pool, h.project.projectId);
    const after = await retention('late', day1, day1);
    expect(after.plays).to.equal(1);
    expect(column(after.seconds, 'watched')).to.deep.equal([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const nextDay = await retention('late', day2, day2);
    expect([nextDay.plays, nextDay.seconds.length]).to.deep.equal([0, 0]);
  });

  it('when the catalog gives the video a duration then the percent points and the listed seconds follow it', async () => {
    expect((await h.admin('POST', '/videos', { videoId: 'clip', title: 'Clip', duration: 20 })).status).to.equal(201);
    const body = await retention('clip', day1, day1);
    expect(body.duration).to.deep.equal({ seconds: 20, source: 'catalog' });
    expect(body.seconds).to.have.length(20);
    expect(body.percent[50]).to.deep.include({ second: 10, watched: 0, share: 0 });
  });

  it('when videoId is missing or malformed, or the duration sent to the admin API is 0, then the answer is a 400 naming the field', async () => {
    expectClientError(await withBearer(h, 'GET', `/v1/stats/audience-retention?from=${day1}&to=${day1}`, h.project.readKey), 400, 'invalid_parameter', 'videoId');
    expectClientError(await withBearer(h, 'GET', `/v1/stats/audience-retention?videoId=a%20b`, h.project.readKey), 400, 'invalid_parameter', 'videoId');
    const refused = await h.admin('PATCH', '/videos/clip', { duration: 0 });
    expect(refused.status).to.equal(400);
    expect(JSON.stringify(refused.json)).to.contain('duration');
  });
});
