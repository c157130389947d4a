import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { UpliftResponse } from '../../../api/stats/upliftSchemas.js';
import { holdoutBucket } from '../../../shared/holdout/bucket.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { PINNED_BUCKETS } from '../../helpers/holdoutBuckets.js';
import { silentLog } from '../../helpers/services.js';
import { SHOP, startHarness, type Harness } from '../api/harness.js';
import { rollupAll } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { waitFor } from '../worker/helpers.js';

const DAY_MS = 86_400_000;
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SALT = '0123456789abcdef';

/** Visitor ids whose buckets under SALT are known (test/helpers/holdoutBuckets.ts lists some). */
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

interface Visit {
  visitorId: string;
  sessionId: string;
}
const visit = (i: number): Visit => ({ visitorId: idOf(i), sessionId: randomUUID() });

describe('uplift holdout: exposed against held-out visitors', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS);
  const day = (offset: number) => new Date(d1.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  const at = (offset: number, hh: number) => d1.getTime() + offset * DAY_MS + hh * 3600_000;
  const event = (type: string, v: Visit, ts: number, fields: Record<string, unknown> = {}) => ({ id: randomUUID(), type, ts, ...v, ...fields });
  const impression = (v: Visit, ts: number) => event('impression', v, ts, { url: `${SHOP}/product` });
  const holdout = (v: Visit, ts: number, percent = 20) => event('holdout', v, ts, { percent, url: `${SHOP}/product` });
  const purchase = (v: Visit, ts: number, value: number) => event('conversion', v, ts, { conversionType: 'purchase', value, currency: 'USD' });
  const play = (v: Visit, ts: number) => event('video_play', v, ts, { videoId: 'intro', slotId: 'home', playId: randomUUID() });

  // Buckets under SALT (FNV-1a-32 of SALT + id, mod 100), holdout 20 %:
  // held out: 4 → 1, 9 → 6, 12 → 6, 15 → 11, 18 → 16 (the bot); exposed: 0 → 77, 1 → 58, 2 → 39, 3 → 20, 5 → 82, 6 → 63.
  // H1 (4): holdout d1, purchase 50 d1            → held out, converter, 1 goal, 50
  // H2 (9): holdout d1                            → held out
  // H3 (12): holdout d1, and in a second session d2 holdout and purchase 0 → held out; converter only when d2 is in range
  // H4 (15): holdout d1                           → held out
  // E1 (0): impression, play, purchase 100 d1     → exposed viewer, converter, 100
  // E2 (1): impression, purchase 40 d1            → exposed non-viewer, converter, 40
  // E3 (2): impression d1                         → exposed
  // E4 (3): impression d1 and a holdout claim at 20 % → bucket 20 is not below 20: exposed, claim not counted
  // E5 (5): impression d1 and a forged claim at 50 % → bucket 82: exposed, claim not counted
  // F (6): a forged claim at 30 % (bucket 63) and purchase 10, no impression → in no group
  // B (18): a bot with a holdout and a purchase 500 → held out only with includeBots; its goal never counts
  // Both days: exposed 5 visitors, 2 converters (0.4), 2 goals, 140; held out 4, 2 converters (0.5), 2 goals, 50.
  const [h1, h2, h3, h4, e1, e2, e3, e4, e5, f, b] = [4, 9, 12, 15, 0, 1, 2, 3, 5, 6, 18].map(visit) as Visit[] & { length: 11 };
  const h3Later = { ...h3!, sessionId: randomUUID() };
  const browser = [
    holdout(h1!, at(0, 9)),
    purchase(h1!, at(0, 10), 50),
    holdout(h2!, at(0, 9)),
    holdout(h3!, at(0, 9)),
    holdout(h3Later, at(1, 9)),
    purchase(h3Later, at(1, 10), 0),
    holdout(h4!, at(0, 9)),
    impression(e1!, at(0, 11)),
    play(e1!, at(0, 11) + 60_000),
    purchase(e1!, at(0, 12), 100),
    impression(e2!, at(0, 11)),
    purchase(e2!, at(0, 12), 40),
    impression(e3!, at(0, 11)),
    impression(e4!, at(0, 11)),
    holdout(e4!, at(0, 11) + 60_000, 20),
    impression(e5!, at(0, 11)),
    holdout(e5!, at(0, 11) + 60_000, 50),
    holdout(f!, at(0, 13), 30),
    purchase(f!, at(0, 14), 10),
  ];
  const bot = [holdout(b!, at(0, 15)), purchase(b!, at(0, 16), 500)];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Holdout', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    await h.t.pool.query('update projects set holdout_salt = $1 where id = $2', [SALT, h.project.projectId]);
    expect((await h.admin('PATCH', '/project', { holdoutPercent: 20 })).status).to.equal(200);
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

  const uplift = async (from: string, to: string, extra = ''): Promise<UpliftResponse> => {
    const answer = await withBearer(h, 'GET', `/v1/stats/uplift?from=${from}&to=${to}${extra}`, h.project.readKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as UpliftResponse;
  };
  /** The holdout block of a range that has one. */
  const holdoutOf = async (from: string, to: string, extra = '') => {
    const block = (await uplift(from, to, extra)).holdout;
    expect(block).to.not.equal(null);
    return block!;
  };

  it('when the SQL bucket function is asked then it gives the pinned values and the TypeScript ones for 200 random visitors', async () => {
    for (const [salt, visitorId, bucket] of PINNED_BUCKETS) {
      const { rows } = await h.t.pool.query<{ b: number }>('select holdout_bucket($1, $2::uuid) as b', [salt, visitorId]);
      expect(rows[0]!.b, visitorId).to.equal(bucket);
    }
    const ids = Array.from({ length: 200 }, () => randomUUID());
    const { rows } = await h.t.pool.query<{ b: number }>('select holdout_bucket($1, v) as b from unnest($2::uuid[]) with ordinality as u(v, i) order by i', [SALT, ids]);
    expect(rows.map((r) => r.b)).to.deep.equal(ids.map((id) => holdoutBucket(SALT, id)));
  });

  it('when the range holds both days then exposed and held-out visitors are the hand-computed ones with the Newcombe interval', async () => {
    const holdout = await holdoutOf(day(0), day(1));
    expect(holdout).to.deep.equal({
      exposed: { visitors: 5, converters: 2, conversionRate: 0.4, conversions: 2, revenue: 140, revenuePerVisitor: 28 },
      heldOut: { visitors: 4, converters: 2, conversionRate: 0.5, conversions: 2, revenue: 50, revenuePerVisitor: 12.5 },
      // 2/5 − 2/4; Wilson(2, 5) = (0.1176, 0.7693), Wilson(2, 4) = (0.1500, 0.8500):
      // −0.1 − √(0.2824² + 0.35²) = −0.5497, −0.1 + √(0.3693² + 0.35²) = 0.4088.
      conversionRateDifference: -0.1,
      confidenceInterval: { level: 0.95, lower: -0.5497, upper: 0.4088 },
      method: 'newcombe-hybrid-score',
      note: holdout.note,
    });
    expect(holdout.note).to.match(/random/).and.match(/causal/);
  });

  it('when the holdout block is added then the viewer split is unchanged: impressed visitors only', async () => {
    const body = await uplift(day(0), day(1));
    expect(body.viewers).to.deep.equal({ visitors: 1, converters: 1, conversionRate: 1, conversions: 1, revenue: 100, revenuePerVisitor: 100 });
    expect(body.nonViewers).to.deep.equal({ visitors: 4, converters: 1, conversionRate: 0.25, conversions: 1, revenue: 40, revenuePerVisitor: 10 });
    expect(body.note).to.match(/correlation/);
  });

  it('when exposed visitors forge holdout events then the events are stored but nobody they name is held out', async () => {
    const { rows } = await h.t.pool.query<{ visitor_id: string; percent: number }>(
      `select visitor_id::text, percent from events where type = 'holdout' and visitor_id = any($1::uuid[]) order by percent`,
      [[e4!.visitorId, e5!.visitorId, f!.visitorId]],
    );
    expect(rows).to.deep.equal([
      { visitor_id: e4!.visitorId, percent: 20 },
      { visitor_id: f!.visitorId, percent: 30 },
      { visitor_id: e5!.visitorId, percent: 50 },
    ]);
    // Had any counted, held-out visitors would exceed 4 (and E4, E5 would leave the exposed).
    const holdout = await holdoutOf(day(0), day(0));
    expect(holdout.heldOut.visitors).to.equal(4);
    expect(holdout.exposed.visitors).to.equal(5);
  });

  it('when one day is asked then held-out goals of the other day are left out', async () => {
    const first = await holdoutOf(day(0), day(0));
    expect(first.heldOut).to.deep.equal({ visitors: 4, converters: 1, conversionRate: 0.25, conversions: 1, revenue: 50, revenuePerVisitor: 12.5 });
    // 2/5 − 1/4 = 0.15; Wilson(1, 4) = (0.0456, 0.6994).
    expect([first.conversionRateDifference, first.confidenceInterval]).to.deep.equal([0.15, { level: 0.95, lower: -0.3807, upper: 0.5721 }]);
  });

  it('when the range has held-out visitors but nobody exposed then there is no difference and no interval', async () => {
    const second = await uplift(day(1), day(1));
    expect(second.holdout).to.deep.include({
      exposed: { visitors: 0, converters: 0, conversionRate: null, conversions: 0, revenue: 0, revenuePerVisitor: null },
      heldOut: { visitors: 1, converters: 1, conversionRate: 1, conversions: 1, revenue: 0, revenuePerVisitor: 0 },
      conversionRateDifference: null,
      confidenceInterval: null,
    });
  });

  it('when the range has no held-out visitor then the holdout block is null', async () => {
    expect((await uplift(day(-1), day(-1))).holdout).to.equal(null);
  });

  it('when bots are included then the held-out bot is a visitor but its goal never counts', async () => {
    const holdout = await holdoutOf(day(0), day(1), '&includeBots=true');
    expect(holdout.heldOut).to.deep.equal({ visitors: 5, converters: 2, conversionRate: 0.4, conversions: 2, revenue: 50, revenuePerVisitor: 10 });
    // 2/5 − 2/5: symmetric around 0.
    expect(holdout.confidenceInterval).to.deep.equal({ level: 0.95, lower: -0.4649, upper: 0.4649 });
  });
});
