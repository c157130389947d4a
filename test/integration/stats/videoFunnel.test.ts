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
const STEPS = ['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100', 'ctaClick', 'conversion'];

interface Visit {
  visitorId: string;
  sessionId: string;
}
const visit = (): Visit => ({ visitorId: randomUUID(), sessionId: randomUUID() });

describe('stats: the video funnel and impressions per video, through the API, worker and rollup', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
  const [day1, day2] = [0, 1].map((n) => new Date(d1 + n * DAY_MS).toISOString().slice(0, 10)) as [string, string];
  const at = (day: number, minute: number) => d1 + day * DAY_MS + 10 * 3_600_000 + minute * 60_000;
  const event = (type: string, v: Visit, day: number, minute: number, fields: Record<string, unknown> = {}) => ({ id: randomUUID(), type, ts: at(day, minute), ...v, ...fields });
  const url = `${SHOP}/p/home`;
  const shown = (type: 'impression' | 'widget_open', v: Visit, minute: number, videoId?: string, slotId?: string) =>
    event(type, v, 0, minute, { url, ...(videoId === undefined ? {} : { videoId, slotId }) });
  const play = (v: Visit, playId: string, videoId: string, slotId: string, minute: number) => event('video_play', v, 0, minute, { videoId, slotId, playId });
  const progress = (v: Visit, playId: string, videoId: string, slotId: string, minute: number, percent: number) =>
    event('video_progress', v, 0, minute, { videoId, slotId, playId, percent });
  const cta = (v: Visit, day: number, minute: number, videoId: string, slotId: string, playId?: string, target = 'cta') =>
    event('click', v, day, minute, { videoId, slotId, target, label: 'Buy', ...(playId === undefined ? {} : { playId }) });
  const conversion = (v: Visit, day: number, minute: number) => event('conversion', v, day, minute, { conversionType: 'purchase', value: 10, currency: 'EUR' });

  // The hand-computed scenario (UTC project):
  // Day 1. A: an impression of intro/home and one naming no video, opens intro/home, plays pA there,
  //   crosses 25, 50, 75, 100; two CTA clicks of pA (one play), a detail click of pA; converts.
  // B: impression and open of intro/home, plays pB, crosses 25, a CTA click of pB at 30 % (before 50: it counts),
  //   and a CTA click without a play id (a click, not a play with a CTA).
  // C: impression and open of outro/end, plays pC, no milestone, no click, converts (attributed to pC).
  // A bot: impression, open, play and CTA click of intro/home: counted only with includeBots.
  // Day 2. A converts again (pA again: one play over both days); B clicks the CTA of pB again.
  const [a, b, c, bot] = [visit(), visit(), visit(), visit()];
  const [pA, pB, pC, pBot] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const human = [
    shown('impression', a, 0, 'intro', 'home'),
    shown('impression', a, 0),
    shown('widget_open', a, 1, 'intro', 'home'),
    play(a, pA, 'intro', 'home', 2),
    progress(a, pA, 'intro', 'home', 3, 25),
    progress(a, pA, 'intro', 'home', 4, 50),
    cta(a, 0, 5, 'intro', 'home', pA),
    cta(a, 0, 6, 'intro', 'home', pA),
    cta(a, 0, 6, 'intro', 'home', pA, 'detail'),
    progress(a, pA, 'intro', 'home', 7, 75),
    progress(a, pA, 'intro', 'home', 8, 100),
    conversion(a, 0, 9),
    shown('impression', b, 0, 'intro', 'home'),
    shown('widget_open', b, 1, 'intro', 'home'),
    play(b, pB, 'intro', 'home', 2),
    progress(b, pB, 'intro', 'home', 3, 25),
    cta(b, 0, 4, 'intro', 'home', pB),
    cta(b, 0, 5, 'intro', 'home'),
    shown('impression', c, 0, 'outro', 'end'),
    shown('widget_open', c, 1, 'outro', 'end'),
    play(c, pC, 'outro', 'end', 2),
    conversion(c, 0, 5),
    conversion(a, 1, 9),
    cta(b, 1, 4, 'intro', 'home', pB),
  ];
  const bots = [shown('impression', bot, 0, 'intro', 'home'), shown('widget_open', bot, 1, 'intro', 'home'), play(bot, pBot, 'intro', 'home', 2), cta(bot, 0, 3, 'intro', 'home', pBot)];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Funnel', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
    expect((await h.post({ events: human }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    expect((await h.post({ events: bots }, { key: h.project.writeKey, origin: SHOP, headers: { 'user-agent': BOT_UA } })).status).to.equal(202);
    const total = String(human.length + bots.length);
    await waitFor('the events', async () => (await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n === total);
    await rollupAll(h.t.pool, h.project.projectId);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  const stats = async (endpoint: string, from: string, to: string, query = '') => {
    const answer = await withBearer(h, 'GET', `/v1/stats/${endpoint}?from=${from}&to=${to}${query}`, h.project.readKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json;
  };
  type Step = { step: string; count: number; fromPrevious: number | null; fromStart: number | null };
  const counts = (steps: unknown) => (steps as Step[]).map((s) => s.count);
  const rows = (body: Record<string, unknown>) => (body.rows as { videoId: string; slotId: string; steps: Step[] }[]).map((r) => [r.videoId, r.slotId, counts(r.steps)]);

  it('when day 1 is read then each (video, slot) has its steps counted by hand, bots left out', async () => {
    const body = await stats('video-funnel', day1, day1);
    //                                 imp open play 25 50 75 100 cta conv
    expect(rows(body)).to.deep.equal([
      ['intro', 'home', [2, 2, 2, 2, 1, 1, 1, 2, 1]],
      ['outro', 'end', [1, 1, 1, 0, 0, 0, 0, 0, 1]],
    ]);
    expect(counts((body.total as { steps: Step[] }).steps)).to.deep.equal([3, 3, 3, 2, 1, 1, 1, 2, 2]);
    expect(body.other).to.equal(null);
    expect(body.note).to.be.a('string').and.include('plays');
  });

  it('when ratios are read then each step divides by the previous (CTA and conversion by play) and by impressions', async () => {
    const intro = ((await stats('video-funnel', day1, day1, '&videoId=intro')).rows as { steps: Step[] }[])[0]!;
    expect(intro.steps.map((s) => s.step)).to.deep.equal(STEPS);
    expect(intro.steps.map((s) => s.fromPrevious)).to.deep.equal([1, 1, 1, 1, 0.5, 1, 1, 1, 0.5]);
    expect(intro.steps.map((s) => s.fromStart)).to.deep.equal([1, 1, 1, 1, 0.5, 0.5, 0.5, 1, 0.5]);
  });

  it('when a range covers both days then a play with CTA clicks or conversions on two days counts once', async () => {
    expect(rows(await stats('video-funnel', day1, day2))).to.deep.equal([
      ['intro', 'home', [2, 2, 2, 2, 1, 1, 1, 2, 1]],
      ['outro', 'end', [1, 1, 1, 0, 0, 0, 0, 0, 1]],
    ]);
    // Day 2 alone: each outcome counts on the day it happened, without its play.
    expect(rows(await stats('video-funnel', day2, day2))).to.deep.equal([['intro', 'home', [0, 0, 0, 0, 0, 0, 0, 1, 1]]]);
  });

  it('when bots are included then the bot impression, open, play and CTA play count too', async () => {
    expect(rows(await stats('video-funnel', day1, day1, '&includeBots=true&slotId=home'))).to.deep.equal([['intro', 'home', [3, 3, 3, 2, 1, 1, 1, 3, 1]]]);
  });

  it('when limited to one row then the rest is summed in other and the total holds both', async () => {
    const body = await stats('video-funnel', day1, day1, '&limit=1');
    expect(rows(body)).to.deep.equal([['intro', 'home', [2, 2, 2, 2, 1, 1, 1, 2, 1]]]);
    expect(counts((body.other as { steps: Step[] }).steps)).to.deep.equal([1, 1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('when videos are read then impressions and opens are per video and slot, the project keeps the one naming none, and slot interactions stay clicks', async () => {
    const videos = await stats('videos', day1, day1);
    const intro = (videos.videos as Record<string, unknown>[]).find((v) => v.videoId === 'intro')!;
    expect(intro).to.include({ impressions: 2, opens: 2, plays: 2, interactions: 5, ctaClicks: 4, playRate: 1 });
    expect((intro.slots as Record<string, unknown>[])[0]).to.include({ slotId: 'home', impressions: 2, opens: 2, interactions: 5 });
    const overview = await stats('overview', day1, day1);
    // Project: 4 impressions (one names no video), 3 opens, interactions = 3 opens + 5 clicks.
    expect(overview.totals).to.include({ impressions: 4, opens: 3, interactions: 8 });
  });

  it('when an impression names a video without a slot, or a funnel filter is malformed, then the answer is a 400 naming it', async () => {
    const lone = await h.post({ events: [event('impression', a, 0, 0, { url, videoId: 'intro' })] }, { key: h.project.writeKey, origin: SHOP });
    expectClientError(lone, 400, 'no_valid_events');
    expect(lone.json.rejected).to.deep.equal([{ index: 0, field: 'slotId', reason: 'is required' }]);
    const slotOnly = await h.post({ events: [event('widget_open', a, 0, 0, { url, slotId: 'home' })] }, { key: h.project.writeKey, origin: SHOP });
    expect(slotOnly.json.rejected).to.deep.equal([{ index: 0, field: 'videoId', reason: 'is required' }]);
    expectClientError(await withBearer(h, 'GET', `/v1/stats/video-funnel?videoId=${encodeURIComponent('(other)')}`, h.project.readKey), 400, 'invalid_parameter', 'videoId');
    expectClientError(await withBearer(h, 'GET', '/v1/stats/video-funnel?limit=0', h.project.readKey), 400, 'invalid_parameter', 'limit');
  });
});
