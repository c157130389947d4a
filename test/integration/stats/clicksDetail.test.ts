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

interface Visit {
  visitorId: string;
  sessionId: string;
}
const visit = (): Visit => ({ visitorId: randomUUID(), sessionId: randomUUID() });

describe('stats: clicks by label and custom events by name, through the API, worker and rollup', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const at = (minute: number) => d1 + 10 * 3_600_000 + minute * 60_000;
  const event = (type: string, v: Visit, minute: number, fields: Record<string, unknown>) => ({ id: randomUUID(), type, ts: at(minute), ...v, ...fields });
  const click = (v: Visit, minute: number, videoId: string, slotId: string, target: string, label?: string, toSlotId?: string) =>
    event('click', v, minute, { videoId, slotId, target, ...(label === undefined ? {} : { label }), ...(toSlotId === undefined ? {} : { toSlotId }) });
  const custom = (v: Visit, minute: number, name: string) => event('custom', v, minute, { name, props: { step: 3 } });

  // The hand-computed scenario (UTC project), all on one day:
  // A on intro/home: cta "CTA1" twice, detail "details", choice "question A" to promo, a cta without a label;
  //   custom quiz_done twice, newsletter once.
  // B: cta "CTA1" on intro/home and on outro/end; custom quiz_done once.
  // A bot: cta "CTA1" on intro/home and custom quiz_done: counted only with includeBots.
  const [a, b, bot] = [visit(), visit(), visit()];
  const human = [
    click(a, 1, 'intro', 'home', 'cta', 'CTA1'),
    click(a, 2, 'intro', 'home', 'cta', 'CTA1'),
    click(a, 3, 'intro', 'home', 'detail', 'details'),
    click(a, 4, 'intro', 'home', 'choice', 'question A', 'promo'),
    click(a, 5, 'intro', 'home', 'cta'),
    custom(a, 6, 'quiz_done'),
    custom(a, 7, 'quiz_done'),
    custom(a, 8, 'newsletter'),
    click(b, 1, 'intro', 'home', 'cta', 'CTA1'),
    click(b, 2, 'outro', 'end', 'cta', 'CTA1'),
    custom(b, 3, 'quiz_done'),
  ];
  const bots = [click(bot, 1, 'intro', 'home', 'cta', 'CTA1'), custom(bot, 2, 'quiz_done')];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Clicks', timezone: 'UTC', allowedOrigins: [SHOP] }] });
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

  const stats = async (endpoint: string, query: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/${endpoint}?from=${day1}&to=${day1}${query}`, h.project.readKey);
    expect(answer.status).to.equal(200);
    return answer.json;
  };
  const keys = (rows: unknown) => (rows as Record<string, unknown>[]).map((r) => [r.videoId, r.slotId, r.target, r.label, r.clicks]);

  it('when clicks are read then each (video, slot, target, label) is counted apart, a missing label as (none), bots left out', async () => {
    const body = await stats('clicks', '');
    expect(keys(body.clicks)).to.deep.equal([
      ['intro', 'home', 'cta', 'CTA1', 3],
      ['intro', 'home', 'choice', 'question A', 1],
      ['intro', 'home', 'cta', '(none)', 1],
      ['intro', 'home', 'detail', 'details', 1],
      ['outro', 'end', 'cta', 'CTA1', 1],
    ]);
    expect(body.other).to.equal(null);
    expect(keys((await stats('clicks', '&includeBots=true')).clicks)[0]).to.deep.equal(['intro', 'home', 'cta', 'CTA1', 4]);
  });

  it('when clicks are narrowed to a video or limited then only its keys are listed and the rest is summed', async () => {
    expect(keys((await stats('clicks', '&videoId=outro')).clicks)).to.deep.equal([['outro', 'end', 'cta', 'CTA1', 1]]);
    expect(keys((await stats('clicks', '&videoId=intro&slotId=end')).clicks)).to.deep.equal([]);
    const two = await stats('clicks', '&limit=2');
    expect(keys(two.clicks)).to.have.length(2);
    expect(two.other).to.deep.equal({ clicks: 3 });
  });

  it('when a clicks filter is malformed then the answer is a 400 naming it', async () => {
    expectClientError(await withBearer(h, 'GET', `/v1/stats/clicks?videoId=${encodeURIComponent('(other)')}`, h.project.readKey), 400, 'invalid_parameter', 'videoId');
    expectClientError(await withBearer(h, 'GET', '/v1/stats/clicks?slotId=', h.project.readKey), 400, 'invalid_parameter', 'slotId');
    expectClientError(await withBearer(h, 'GET', '/v1/stats/custom-events?limit=0', h.project.readKey), 400, 'invalid_parameter', 'limit');
  });

  it('when custom events are read then they are counted per name, bots only on request, the rest past the limit summed', async () => {
    const body = await stats('custom-events', '');
    expect(body.events).to.deep.equal([
      { name: 'quiz_done', events: 3 },
      { name: 'newsletter', events: 1 },
    ]);
    expect(body.other).to.equal(null);
    const one = await stats('custom-events', '&limit=1&includeBots=true');
    expect(one.events).to.deep.equal([{ name: 'quiz_done', events: 4 }]);
    expect(one.other).to.deep.equal({ events: 1 });
  });
});
