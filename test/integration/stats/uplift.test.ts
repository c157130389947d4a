import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

interface Visit {
  visitorId: string;
  sessionId: string;
}
const visit = (): Visit => ({ visitorId: randomUUID(), sessionId: randomUUID() });

describe('uplift: viewers against non-viewers among visitors with an impression', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS);
  const day1 = d1.toISOString().slice(0, 10);
  const day2 = new Date(d1.getTime() + DAY_MS).toISOString().slice(0, 10);
  const at = (dayOffset: number, hh: number, mm: number) => d1.getTime() + dayOffset * DAY_MS + (hh * 60 + mm) * 60_000;
  const event = (type: string, v: Visit, ts: number, fields: Record<string, unknown> = {}) => ({ id: randomUUID(), type, ts, ...v, ...fields });
  const impression = (v: Visit, ts: number) => event('impression', v, ts, { url: `${SHOP}/product` });
  const play = (v: Visit, ts: number) => event('video_play', v, ts, { videoId: 'intro', slotId: 'home', playId: randomUUID() });
  const purchase = (v: Visit, ts: number, value: number, currency = 'USD', orderId?: string) =>
    event('conversion', v, ts, { conversionType: 'purchase', value, currency, ...(orderId ? { orderId } : {}) });
  const thanks = (v: Visit, ts: number) => event('page_view', v, ts, { url: `${SHOP}/thanks` });

  // The hand-computed scenario (UTC project, currency USD, a URL rule on /thanks):
  // A: impression, play, purchase 100 USD (order o-1, sent twice) and 10 EUR on d1 → viewer, 2 assisted goals, 100 USD
  // B: impression and play on d1, no goal → viewer
  // C: impression on d1, no play, purchase 40 USD → non-viewer, 1 unassisted goal, 40
  // D: impression on d1, nothing else → non-viewer
  // E: impression on d2, no play, reaches /thanks twice in one session → non-viewer, 1 unassisted goal (the rule), 0
  // F: no impression, purchase 30 USD on d1 → in neither group, 1 unassisted goal
  // G: a bot with impression, play and purchase 500 → nowhere
  // viewers: 2 visitors, 1 converter (0.5), 2 goals, 100 USD, 50 per visitor
  // non-viewers: 3 visitors, 2 converters (0.6667), 2 goals, 40 USD, 13.3333 per visitor
  // assisted: 2 goals, 100 USD; unassisted: 3 goals, 70 USD
  const [a, b, c, d, e, f, g] = [visit(), visit(), visit(), visit(), visit(), visit(), visit()];
  const browser = [
    impression(a, at(0, 10, 0)),
    play(a, at(0, 10, 1)),
    purchase(a, at(0, 10, 5), 100, 'USD', 'o-1'),
    purchase(a, at(0, 10, 6), 100, 'USD', 'o-1'),
    purchase(a, at(0, 10, 7), 10, 'EUR'),
    impression(b, at(0, 11, 0)),
    play(b, at(0, 11, 1)),
    impression(c, at(0, 12, 0)),
    purchase(c, at(0, 12, 5), 40),
    impression(d, at(0, 13, 0)),
    impression(e, at(1, 9, 0)),
    thanks(e, at(1, 9, 5)),
    thanks(e, at(1, 9, 6)),
    purchase(f, at(0, 14, 0), 30),
  ];
  const bot = [impression(g, at(0, 15, 0)), play(g, at(0, 15, 1)), purchase(g, at(0, 15, 5), 500)];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Uplift', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    expect((await h.admin('POST', '/conversion-rules', { name: 'Thanks', kind: 'prefix', pattern: `${SHOP}/thanks` })).status).to.equal(201);
    worker = await startWorker(h.t.config, silentLog);
    expect((await h.post({ events: browser }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    expect((await h.post({ events: bot }, { key: h.project.writeKey, origin: SHOP, headers: { 'user-agent': BOT_UA } })).status).to.equal(202);
    const total = browser.length + bot.length;
    await waitFor('the events', async () => (await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n === String(total));
    await rollupAll(h.t.pool, h.project.projectId);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  const uplift = async (from: string, to: string, extra = '') => {
    const answer = await withBearer(h, 'GET', `/v1/stats/uplift?from=${from}&to=${to}${extra}`, h.project.readKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json;
  };

  it('when the range holds both days then viewers, non-viewers and assisted goals are the hand-computed ones', async () => {
    const body = await uplift(day1, day2);
    expect(body.currency).to.equal('USD');
    expect(body.viewers).to.deep.equal({ visitors: 2, converters: 1, conversionRate: 0.5, conversions: 2, revenue: 100, revenuePerVisitor: 50 });
    expect(body.nonViewers).to.deep.equal({ visitors: 3, converters: 2, conversionRate: 0.6667, conversions: 2, revenue: 40, revenuePerVisitor: 13.3333 });
    expect(body.assisted).to.deep.equal({ conversions: 2, revenue: 100 });
    expect(body.unassisted).to.deep.equal({ conversions: 3, revenue: 70 });
  });

  it('when one day is asked then a visitor impressed on the other day is in neither group', async () => {
    const body = await uplift(day1, day1);
    expect(body.nonViewers).to.deep.equal({ visitors: 2, converters: 1, conversionRate: 0.5, conversions: 1, revenue: 40, revenuePerVisitor: 20 });
    expect(body.unassisted).to.deep.equal({ conversions: 2, revenue: 70 });
    const second = await uplift(day2, day2);
    expect(second.viewers).to.deep.equal({ visitors: 0, converters: 0, conversionRate: null, conversions: 0, revenue: 0, revenuePerVisitor: null });
    expect(second.nonViewers).to.include({ visitors: 1, converters: 1, conversions: 1, revenue: 0 });
  });

  it('when bots are included then the bot is a viewer but its goal still never counts', async () => {
    const body = await uplift(day1, day2, '&includeBots=true');
    expect(body.viewers).to.include({ visitors: 3, converters: 1, conversions: 2, revenue: 100 });
    expect(body.unassisted).to.deep.equal({ conversions: 3, revenue: 70 });
  });

  it('when the answer is read then it says the comparison is a correlation, not a causal effect', async () => {
    const body = await uplift(day1, day2);
    expect(body.note).to.match(/correlation, not the causal effect/);
  });

  it('when the range is malformed then the answer is a 400 naming the parameter', async () => {
    const answer = await withBearer(h, 'GET', `/v1/stats/uplift?from=${day2}&to=not-a-day`, h.project.readKey);
    expect(answer.status).to.equal(400);
    expect(JSON.stringify(answer.json)).to.include('to');
  });
});

describe('uplift: a goal that a later in-window match takes over', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS);
  const day1 = d1.toISOString().slice(0, 10);
  const day2 = new Date(d1.getTime() + DAY_MS).toISOString().slice(0, 10);
  // Two sessions of one visitor, so the second day's events touch no session of the first day.
  const v = visit();
  const later = { ...v, sessionId: randomUUID() };
  const at = (dayOffset: number, hh: number) => d1.getTime() + dayOffset * DAY_MS + hh * 3600_000;
  const event = (type: string, ts: number, fields: Record<string, unknown>) => ({ id: randomUUID(), type, ts, ...(ts < at(1, 0) ? v : later), ...fields });
  const order = (ts: number) => event('conversion', ts, { conversionType: 'purchase', value: 20, currency: 'USD', orderId: 'late-1' });

  const send = async (events: Record<string, unknown>[]) => {
    const before = Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n);
    expect((await h.post({ events }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    await waitFor('the events', async () => Number((await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n) === before + events.length);
    await rollupAll(h.t.pool, h.project.projectId);
  };
  const uplift = async () => (await withBearer(h, 'GET', `/v1/stats/uplift?from=${day1}&to=${day2}`, h.project.readKey)).json;

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Late uplift', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when an order first arrives without a play then later with one in window then it moves from unassisted to assisted, counted once', async () => {
    await send([event('impression', at(0, 10), { url: `${SHOP}/product` }), order(at(0, 11))]);
    const first = await uplift();
    expect([first.assisted, first.unassisted]).to.deep.equal([{ conversions: 0, revenue: 0 }, { conversions: 1, revenue: 20 }]);
    expect(first.nonViewers).to.include({ visitors: 1, converters: 1, conversions: 1, revenue: 20 });

    // The same order again the next day, after a play: the in-window one takes it, and the
    // writer re-dirties the first day so its unassisted goal goes.
    await send([event('video_play', at(1, 9), { videoId: 'intro', slotId: 'home', playId: randomUUID() }), order(at(1, 10))]);
    const second = await uplift();
    expect([second.assisted, second.unassisted]).to.deep.equal([{ conversions: 1, revenue: 20 }, { conversions: 0, revenue: 0 }]);
    expect(second.viewers).to.include({ visitors: 1, converters: 1, conversions: 1, revenue: 20 });
    expect(second.nonViewers).to.include({ visitors: 0, converters: 0 });
  });
});
