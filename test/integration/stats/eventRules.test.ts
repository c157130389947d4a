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

interface Goal {
  kind: string;
  goal: string;
  name: string | null;
  conversions: number;
  videos: { videoId: string; slotId: string; conversions: number }[];
}

describe('stats: event-based conversion rules (form submit, custom event, click label), through the API, worker and rollup', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  let posted = 0;
  // Two whole UTC days in the past, so every event is accepted and neither day is today.
  const d1 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
  const day1 = new Date(d1).toISOString().slice(0, 10);
  const day2 = new Date(d1 + DAY_MS).toISOString().slice(0, 10);
  const at = (dayOffset: number, hh: number, mm: number) => d1 + dayOffset * DAY_MS + (hh * 60 + mm) * 60_000;
  const event = (type: string, v: Visit, ts: number, fields: Record<string, unknown>) => ({ id: randomUUID(), type, ts, ...v, ...fields });
  const play = (v: Visit, ts: number, videoId = 'intro', slotId = 'home') => event('video_play', v, ts, { videoId, slotId, playId: randomUUID() });
  const submit = (v: Visit, ts: number, outcome = 'success') => event('form_submit', v, ts, { formId: 'signup', fields: ['email'], outcome });
  const trial = (v: Visit, ts: number) => event('custom', v, ts, { name: 'trial_started' });
  const click = (v: Visit, ts: number, label: string, target: string) => event('click', v, ts, { videoId: 'intro', slotId: 'home', target, label });

  // The hand-computed scenario (UTC project, conversion window 1 day = 24 h). Rules: Signup
  // (form `signup`, outcome `success`), Trial (custom `trial_started`), Buy CTA (click `Buy now`, target `cta`).
  // A, session a1: plays intro/home d1 10:00; signup error 10:04 (outcome differs), success 10:05
  //   (Signup +1) and 10:06 (same session: deduplicated); trial 10:07 (Trial +1); `Buy now` as a
  //   detail click 10:08 (target differs), as a CTA 10:09 (Buy CTA +1); `Buy later` CTA 10:10 (label differs).
  // A, session a2: trial d1 15:00 (a second session counts again: Trial +1).
  // B: trial d1 11:00 without any play: not counted, a goal no play assisted.
  // O: plays outro/end d1 08:00, signs up d2 09:00: 25 h later, out of window: not counted, unassisted.
  // R: a bot that plays and signs up: nowhere.
  // E: plays intro/home d1 13:00 and outro/end 13:30, signs up 13:40: Signup +1, attributed to outro/end.
  // G, one session across midnight: plays intro/home d1 23:00; trial d2 00:10 arrives first (Trial
  //   +1 on d2), then trial d1 23:30 arrives late: it takes the session's key, d1 gains it and d2 loses it.
  // Totals: Signup 2 (intro/home 1, outro/end 1), Trial 3 on d1 (intro/home), 0 on d2, Buy CTA 1.
  const [a1, b, o, r, e, g] = [visit(), visit(), visit(), visit(), visit(), visit()];
  const a2 = { visitorId: a1.visitorId, sessionId: randomUUID() };
  const browser = [
    play(a1, at(0, 10, 0)),
    submit(a1, at(0, 10, 4), 'error'),
    submit(a1, at(0, 10, 5)),
    submit(a1, at(0, 10, 6)),
    trial(a1, at(0, 10, 7)),
    click(a1, at(0, 10, 8), 'Buy now', 'detail'),
    click(a1, at(0, 10, 9), 'Buy now', 'cta'),
    click(a1, at(0, 10, 10), 'Buy later', 'cta'),
    trial(a2, at(0, 15, 0)),
    trial(b, at(0, 11, 0)),
    play(o, at(0, 8, 0), 'outro', 'end'),
    submit(o, at(1, 9, 0)),
    play(e, at(0, 13, 0)),
    play(e, at(0, 13, 30), 'outro', 'end'),
    submit(e, at(0, 13, 40)),
    play(g, at(0, 23, 0)),
    trial(g, at(1, 0, 10)),
  ];
  const bot = [play(r, at(0, 9, 0)), submit(r, at(0, 9, 5))];
  const late = [trial(g, at(0, 23, 30))];
  const ruleIds: Record<string, string> = {};

  const send = async (events: object[], headers: Record<string, string> = {}) => {
    expect((await h.post({ events }, { key: h.project.writeKey, origin: SHOP, headers })).status).to.equal(202);
    posted += events.length;
    const total = String(posted);
    await waitFor('the events', async () => (await h.t.pool.query<{ n: string }>(`select count(*)::text as n from events`)).rows[0]!.n === total);
    await rollupAll(h.t.pool, h.project.projectId);
  };
  const stats = async (endpoint: string, query: string) => {
    const answer = await withBearer(h, 'GET', `/v1/stats/${endpoint}?${query}`, h.project.readKey);
    expect(answer.status).to.equal(200);
    return answer.json;
  };
  /** Conversions per rule name over the range; rules without any are absent. */
  const byRule = async (from: string, to: string): Promise<Record<string, Goal>> => {
    const goals = (await stats('goals', `from=${from}&to=${to}`)).goals as Goal[];
    return Object.fromEntries(goals.filter((x) => x.kind === 'rule').map((x) => [String(x.name), x]));
  };

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Event rules', timezone: 'UTC', allowedOrigins: [SHOP], currency: 'EUR' }] });
    expect((await h.admin('PATCH', '/project', { conversionWindowDays: 1 })).status).to.equal(200);
    for (const rule of [
      { name: 'Signup', kind: 'form', pattern: 'signup', outcome: 'success' },
      { name: 'Trial', kind: 'custom', pattern: 'trial_started' },
      { name: 'Buy CTA', kind: 'click', pattern: 'Buy now', target: 'cta' },
    ]) {
      const answer = await h.admin('POST', '/conversion-rules', rule);
      expect(answer.status, JSON.stringify(answer.json)).to.equal(201);
      ruleIds[rule.name] = answer.json.id as string;
    }
    worker = await startWorker(h.t.config, silentLog);
    await send(browser);
    await send(bot, { 'user-agent': BOT_UA });
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when a session crosses midnight then its first match counts on its own day only', async () => {
    expect((await byRule(day2, day2)).Trial?.conversions).to.equal(1);
    await send(late);
    expect((await byRule(day2, day2)).Trial).to.equal(undefined);
    expect((await byRule(day1, day1)).Trial?.conversions).to.equal(3);
  });

  it('when goals are read then each event rule counts once per visitor, rule and session, in window, bots left out, attributed to the latest play', async () => {
    const goals = await byRule(day1, day2);
    expect(Object.keys(goals).sort()).to.deep.equal(['Buy CTA', 'Signup', 'Trial']);
    expect(goals.Signup).to.deep.include({ goal: ruleIds.Signup, conversions: 2 });
    expect(goals.Signup!.videos.map((v) => [v.videoId, v.slotId, v.conversions])).to.deep.equal([
      ['intro', 'home', 1],
      ['outro', 'end', 1],
    ]);
    expect(goals.Trial).to.deep.include({ goal: ruleIds.Trial, conversions: 3 });
    expect(goals.Trial!.videos.map((v) => [v.videoId, v.slotId, v.conversions])).to.deep.equal([['intro', 'home', 3]]);
    expect(goals['Buy CTA']).to.deep.include({ goal: ruleIds['Buy CTA'], conversions: 1 });
  });

  it('when uplift is read then event-rule goals without an in-window play are unassisted, once each', async () => {
    const body = await stats('uplift', `from=${day1}&to=${day2}`);
    // Assisted: Signup 2 + Trial 3 + Buy CTA 1; unassisted: B's trial and O's late signup.
    expect(body.assisted).to.deep.equal({ conversions: 6, revenue: 0 });
    expect(body.unassisted).to.deep.equal({ conversions: 2, revenue: 0 });
  });

  it('when bots are included then the bot\'s form submit still converts nowhere: bots never take a goal', async () => {
    const goals = (await stats('goals', `from=${day1}&to=${day2}&includeBots=true`)).goals as Goal[];
    expect(goals.find((x) => x.name === 'Signup')?.conversions).to.equal(2);
  });
});
