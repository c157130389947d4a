import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;

interface Visit {
  visitorId: string;
  sessionId: string;
}
const visit = (): Visit => ({ visitorId: randomUUID(), sessionId: randomUUID() });

describe('stats: goals in detail and branch-choice shares, through the API, worker and rollup', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  let ruleId: string;
  // Two whole UTC days in the past, so every event is accepted and neither day is today.
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const day2 = new Date(d1 + DAY_MS).toISOString().slice(0, 10);
  const at = (dayOffset: number, hh: number, mm: number) => d1 + dayOffset * DAY_MS + (hh * 60 + mm) * 60_000;
  const event = (type: string, v: Visit, ts: number, fields: Record<string, unknown>) => ({ id: randomUUID(), type, ts, ...v, ...fields });
  const play = (v: Visit, ts: number, videoId: string, slotId: string, playId = randomUUID()) => event('video_play', v, ts, { videoId, slotId, playId });
  const buy = (v: Visit, ts: number, fields: Record<string, unknown>) => event('conversion', v, ts, { conversionType: 'purchase', ...fields });
  const choose = (v: Visit, ts: number, slotId: string, toSlotId: string) =>
    event('click', v, ts, { videoId: 'intro', slotId, playId: randomUUID(), target: 'choice', toSlotId, label: `Go to ${toSlotId}` });

  // The hand-computed scenario (UTC project, currency EUR):
  // A plays intro/home d1 10:00; buys order o1 for 30 EUR at 10:05, reaches /thanks at 10:06 (the rule),
  //   buys for 20 USD at 10:07 (counts, but its value is not in the project currency);
  //   chooses home→promo twice and home→end once.
  // B plays intro/promo d1 11:00; buys order o2 for 12.50 EUR at 11:05 and again at 11:06 (the order counts once);
  //   chooses promo→home once.
  // C plays outro/end d1 12:00; a lead (no value) d2 09:00.
  // D buys for 99 EUR without any play: counts nowhere.
  // E plays intro/home d1 13:00 and outro/end 13:30, buys for 7.25 EUR at 13:40: attributed to the later play.
  // F1…F21 each play their own video vNN/s d1 14:00 and sign up at 14:01: 21 pairs, 20 listed.
  const [a, b, c, d, e] = [visit(), visit(), visit(), visit(), visit()];
  const fans = Array.from({ length: 21 }, (_, i) => ({ v: visit(), videoId: `v${String(i + 1).padStart(2, '0')}` }));
  const batches = [
    [
      play(a, at(0, 10, 0), 'intro', 'home'),
      buy(a, at(0, 10, 5), { orderId: 'o1', value: 30, currency: 'EUR' }),
      event('page_view', a, at(0, 10, 6), { url: `${SHOP}/thanks` }),
      buy(a, at(0, 10, 7), { value: 20, currency: 'USD' }),
      choose(a, at(0, 10, 1), 'home', 'promo'),
      choose(a, at(0, 10, 2), 'home', 'promo'),
      choose(a, at(0, 10, 3), 'home', 'end'),
    ],
    [
      buy(b, at(0, 11, 6), { orderId: 'o2', value: 12.5, currency: 'EUR' }),
      play(b, at(0, 11, 0), 'intro', 'promo'),
      buy(b, at(0, 11, 5), { orderId: 'o2', value: 12.5, currency: 'EUR' }),
      choose(b, at(0, 11, 1), 'promo', 'home'),
      play(c, at(0, 12, 0), 'outro', 'end'),
      event('conversion', c, at(1, 9, 0), { conversionType: 'lead' }),
      buy(d, at(0, 12, 30), { value: 99, currency: 'EUR' }),
    ],
    [play(e, at(0, 13, 0), 'intro', 'home'), play(e, at(0, 13, 30), 'outro', 'end'), buy(e, at(0, 13, 40), { value: 7.25, currency: 'EUR' })],
    fans.flatMap((f) => [play(f.v, at(0, 14, 0), f.videoId, 's'), event('conversion', f.v, at(0, 14, 1), { conversionType: 'signup' })]),
  ];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Goals', timezone: 'UTC', allowedOrigins: [SHOP], currency: 'EUR' }] });
    const rule = await h.admin('POST', '/conversion-rules', { name: 'Thanks page', kind: 'prefix', pattern: `${SHOP}/thanks` });
    expect(rule.status).to.equal(201);
    ruleId = (rule.json as { id: string }).id;
    worker = await startWorker(h.t.config, silentLog);
    for (const events of batches) expect((await h.post({ events }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    const total = String(batches.flat().length);
    await waitFor('the events', async () => (await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n === total);
    await rollupAll(h.t.pool, h.project.projectId);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  const stats = async (endpoint: string, query: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/${endpoint}?${query}`, h.project.readKey);
    expect(answer.status).to.equal(200);
    return answer.json;
  };

  it('when goals are read over both days then each carries its value in the project currency and its attributed videos and slots', async () => {
    const body = await stats('goals', `from=${day1}&to=${day2}`);
    expect(body.currency).to.equal('EUR');
    const goals = body.goals as Record<string, unknown>[];
    expect(goals.map((g) => [g.kind, g.goal, g.conversions, g.value])).to.deep.equal([
      ['event', 'signup', 21, 0],
      ['event', 'purchase', 4, 49.75],
      ['event', 'lead', 1, 0],
      ['rule', ruleId, 1, 0],
    ]);
    expect(goals[1]).to.deep.include({
      name: 'purchase',
      videos: [
        { videoId: 'intro', slotId: 'home', conversions: 2, value: 30 },
        { videoId: 'intro', slotId: 'promo', conversions: 1, value: 12.5 },
        { videoId: 'outro', slotId: 'end', conversions: 1, value: 7.25 },
      ],
      videosOther: null,
    });
    expect(goals[2]!.videos).to.deep.equal([{ videoId: 'outro', slotId: 'end', conversions: 1, value: 0 }]);
    expect(goals[3]).to.deep.include({ name: 'Thanks page', videos: [{ videoId: 'intro', slotId: 'home', conversions: 1, value: 0 }] });
    expect(body.other).to.equal(null);
  });

  it('when a goal is attributed to more than 20 video and slot pairs then 20 are listed and the rest are summed', async () => {
    const body = await stats('goals', `from=${day1}&to=${day1}&limit=1`);
    const [signup] = body.goals as { goal: string; videos: { videoId: string }[]; videosOther: unknown }[];
    expect(signup!.goal).to.equal('signup');
    expect(signup!.videos.map((v) => v.videoId)).to.deep.equal(fans.slice(0, 20).map((f) => f.videoId));
    expect(signup!.videosOther).to.deep.equal({ conversions: 1, value: 0 });
    // Day 1 holds purchase (4, 49.75) and the rule (1); the lead is on day 2.
    expect(body.other).to.deep.equal({ conversions: 5, value: 49.75 });
  });

  it('when only the second day is read then only the lead counts there, on its own day', async () => {
    const body = await stats('goals', `from=${day2}&to=${day2}`);
    expect(body.goals).to.deep.equal([
      { kind: 'event', goal: 'lead', name: 'lead', conversions: 1, value: 0, videos: [{ videoId: 'outro', slotId: 'end', conversions: 1, value: 0 }], videosOther: null },
    ]);
  });

  it('when transitions are read then each choice carries its share of its slot’s choices, the limit not changing the denominator', async () => {
    const body = await stats('transitions', `from=${day1}&to=${day2}`);
    expect(body.transitions).to.deep.equal([
      { fromSlotId: 'home', toSlotId: 'promo', count: 2, fromSlotChoices: 3, share: 0.6667 },
      { fromSlotId: 'home', toSlotId: 'end', count: 1, fromSlotChoices: 3, share: 0.3333 },
      { fromSlotId: 'promo', toSlotId: 'home', count: 1, fromSlotChoices: 1, share: 1 },
    ]);
    const one = await stats('transitions', `from=${day1}&to=${day2}&limit=2`);
    expect((one.transitions as unknown[])[1]).to.deep.equal({ fromSlotId: 'home', toSlotId: 'end', count: 1, fromSlotChoices: 3, share: 0.3333 });
    expect(one.other).to.deep.equal({ count: 1 });
  });
});
