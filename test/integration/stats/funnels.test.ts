import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { addUser, asUser, signIn } from '../accounts/users.js';
import { expectClientError } from '../api/assertions.js';
import { eventually, startHarness, type Answer, type Harness } from '../api/harness.js';
import { spawnRole, stopRole } from '../../helpers/processes.js';

const SHOP = 'https://shop.example';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const CURL = 'curl/8.5.0';
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;

/** Seed 004's conversion funnel: a product page, the contact page, the contact form sent. */
const STEPS = [
  { kind: 'page', match: 'pattern', pattern: `${SHOP}/products/*` },
  { kind: 'page', match: 'exact', pattern: `${SHOP}/contact` },
  { kind: 'event', type: 'form_submit', formId: 'contact' },
];

const products = (name: string): Json => ({ type: 'page_view', url: `${SHOP}/products/${name}` });
const page = (path: string): Json => ({ type: 'page_view', url: `${SHOP}${path}` });
const submit = (formId: string): Json => ({ type: 'form_submit', formId, fields: ['email'], outcome: 'success', url: `${SHOP}/contact` });

/**
 * Funnels through the real API and worker: the six sessions below, by hand.
 *
 * | session | device  | events (seconds from its start)                         | ordered | unordered |
 * |---------|---------|---------------------------------------------------------|---------|-----------|
 * | S1      | mobile  | products 0, contact 10, submit 40                       | 3       | 3         |
 * | S2      | mobile  | contact 0, products 5, submit 20                        | 1       | 3         |
 * | S3      | desktop | products 0, submit 3, contact?x=1 50                    | 2       | 3         |
 * | S4      | desktop | products 0, contact 20, newsletter submit 30            | 2       | 2         |
 * | S5      | desktop | submit 0                                                | 0       | 0         |
 * | S6      | desktop | /product 0, contact 5, submit 6                         | 0       | 0         |
 *
 * Unordered [4, 4, 3]; ordered [4, 3, 1], medians from the previous step 20 s (10, 50, 20) and
 * 30 s. A bot session (products, contact) counts only with includeBots.
 */
describe('stats: saved funnels over raw events, end to end', function () {
  this.timeout(90_000);
  let h: Harness;
  let worker: ChildProcess;
  let sent = 0;
  const now = Date.now() - 10 * 60_000;
  const today = new Date(Date.now()).toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);

  async function post(projectKey: string, events: Json[], ua: string): Promise<void> {
    const res = await fetch(`${h.web.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': ua },
      body: JSON.stringify({ key: projectKey, events }),
    });
    expect(res.status, await res.text()).to.equal(202);
    sent += events.length;
  }

  /** One session of its own visitor (or the given one): events at the given seconds from `start`. */
  function session(events: [number, Json][], start = now, visitorId = randomUUID()): Json[] {
    const sessionId = randomUUID();
    return events.map(([s, e]) => ({ id: randomUUID(), visitorId, sessionId, ts: start + s * 1000, ...e }));
  }

  const funnels = (key: string, id: string, query: string): Promise<Answer> =>
    h.request('GET', `/v1/stats/funnels/${id}?${query}`, { headers: { authorization: `Bearer ${key}` } });

  async function createFunnel(adminKey: string, body: Json): Promise<string> {
    const answer = await h.admin('POST', '/funnels', body, adminKey);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(201);
    return answer.json.id as string;
  }

  const counts = (steps: unknown) => (steps as { count: number }[]).map((s) => s.count);

  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop', timezone: 'UTC', allowedOrigins: [SHOP] },
        { name: 'Visitors', timezone: 'UTC', allowedOrigins: [SHOP] },
      ],
    });
    worker = spawnRole('worker/main.ts', h.t.env);
    const shop = h.projects[0]!.writeKey;
    await post(shop, session([[0, products('shoe')], [10, page('/contact')], [40, submit('contact')]]), IPHONE);
    await post(shop, session([[0, page('/contact')], [5, products('hat')], [20, submit('contact')]]), IPHONE);
    await post(shop, session([[0, products('shoe')], [3, submit('contact')], [50, page('/contact?x=1')]]), CHROME);
    await post(shop, session([[0, products('hat')], [20, page('/contact')], [30, submit('newsletter')]]), CHROME);
    await post(shop, session([[0, submit('contact')]]), CHROME);
    await post(shop, session([[0, page('/product')], [5, page('/contact')], [6, submit('contact')]]), CHROME);
    await post(shop, session([[0, products('shoe')], [1, page('/contact')]]), CURL);

    // Visitors: A's first product view is three days before its contact and submit (another
    // session); B does all three within a quarter of an hour.
    const visitors = h.projects[1]!.writeKey;
    const a = randomUUID();
    await post(visitors, session([[0, products('shoe')]], now - 3 * DAY_MS, a), CHROME);
    await post(visitors, session([[0, page('/contact')], [60, submit('contact')]], now, a), CHROME);
    await post(visitors, session([[0, products('hat')], [300, page('/contact')], [900, submit('contact')]], now - 3600_000), CHROME);

    await eventually(async () => Number((await h.t.pool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n) === sent, 30_000, 100);
    await eventually(async () => Number((await h.t.pool.query<{ n: string }>('select count(*) as n from sessions')).rows[0]?.n) === 10, 30_000, 100);
  });
  after(async () => {
    await stopRole(worker);
    await h.close();
  });

  const range = `from=${yesterday}&to=${today}`;

  it('when the six sessions meet an unordered funnel then the counts are [4, 4, 3] with their conversions and drop-offs', async () => {
    const id = await createFunnel(h.projects[0]!.adminKey, { name: 'Lead', steps: STEPS, mode: 'unordered' });
    const answer = await funnels(h.projects[0]!.readKey, id, range);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    expect(answer.json.funnel).to.deep.include({ id, mode: 'unordered', unit: 'session' });
    const steps = answer.json.steps as Json[];
    expect(counts(steps)).to.deep.equal([4, 4, 3]);
    expect(steps.map((s) => [s.conversionFromPrevious, s.conversionFromStart, s.dropOff, s.medianSecondsFromPrevious])).to.deep.equal([
      [null, 1, null, null],
      [1, 1, 0, null],
      [0.75, 0.75, 1, null],
    ]);
    expect(steps[2]!.definition).to.deep.equal(STEPS[2]);
  });

  it('when the same sessions meet the ordered funnel then only steps after the previous one count: [4, 3, 1], medians 20 s and 30 s', async () => {
    const id = await createFunnel(h.projects[0]!.adminKey, { name: 'Lead ordered', steps: STEPS });
    const steps = (await funnels(h.projects[0]!.readKey, id, range)).json.steps as Json[];
    expect(counts(steps)).to.deep.equal([4, 3, 1]);
    expect(steps.map((s) => s.medianSecondsFromPrevious)).to.deep.equal([null, 20, 30]);
    expect(steps.map((s) => s.dropOff)).to.deep.equal([null, 1, 2]);
    expect(steps[2]!.conversionFromPrevious).to.be.closeTo(1 / 3, 1e-9);
    expect(steps[2]!.conversionFromStart).to.equal(0.25);

    const withBots = (await funnels(h.projects[0]!.readKey, id, `${range}&includeBots=true`)).json.steps;
    expect(counts(withBots)).to.deep.equal([5, 4, 1]);
  });

  it('when split by device then each group holds its own sessions, in both modes', async () => {
    const ordered = await createFunnel(h.projects[0]!.adminKey, { name: 'By device', steps: STEPS });
    const answer = await funnels(h.projects[0]!.readKey, ordered, `${range}&by=device`);
    expect(answer.json).to.deep.include({ by: 'device', steps: null, groupsLeftOut: 0 });
    const groups = (answer.json.groups as { value: string; steps: Json[] }[]).map((g) => ({ value: g.value, counts: counts(g.steps), medians: g.steps.map((s) => s.medianSecondsFromPrevious) }));
    expect(groups).to.deep.equal([
      { value: 'desktop', counts: [2, 2, 0], medians: [null, 35, null] },
      { value: 'mobile', counts: [2, 1, 1], medians: [null, 10, 30] },
    ]);

    const unordered = await createFunnel(h.projects[0]!.adminKey, { name: 'By device, any order', steps: STEPS, mode: 'unordered' });
    const split = (await funnels(h.projects[0]!.readKey, unordered, `${range}&by=device`)).json.groups as { value: string; steps: Json[] }[];
    expect(split.map((g) => [g.value, counts(g.steps)])).to.deep.equal([
      ['desktop', [2, 2, 1]],
      ['mobile', [2, 2, 2]],
    ]);
  });

  it('when the unit is the visitor then later sessions count within the window from the first step, and a shorter window cuts them', async () => {
    const { adminKey, readKey } = h.projects[1]!;
    const id = await createFunnel(adminKey, { name: 'Visitors', steps: STEPS, unit: 'visitor', windowDays: 7 });
    const from = new Date(now - 4 * DAY_MS).toISOString().slice(0, 10);
    expect(counts((await funnels(readKey, id, `from=${from}&to=${today}`)).json.steps)).to.deep.equal([2, 2, 2]);
    // Per session, A's product view and its contact are in different sessions.
    const perSession = await createFunnel(adminKey, { name: 'Sessions', steps: STEPS });
    expect(counts((await funnels(readKey, perSession, `from=${from}&to=${today}`)).json.steps)).to.deep.equal([2, 1, 1]);

    expect((await h.admin('PATCH', `/funnels/${id}`, { windowDays: 1 }, adminKey)).status).to.equal(200);
    expect(counts((await funnels(readKey, id, `from=${from}&to=${today}`)).json.steps)).to.deep.equal([2, 1, 1]);
  });

  it("when the funnel is unknown or another project's then 404, and a bad id or query is a 400 naming the parameter", async () => {
    const mine = await createFunnel(h.projects[0]!.adminKey, { name: 'Mine', steps: STEPS });
    const { readKey } = h.projects[1]!;
    expectClientError(await funnels(readKey, mine, range), 404, 'not_found');
    expectClientError(await funnels(readKey, randomUUID(), range), 404, 'not_found');
    expectClientError(await funnels(readKey, 'nope', range), 400, 'invalid_parameter', 'funnelId');
    expectClientError(await funnels(h.projects[0]!.readKey, mine, `${range}&by=browser`), 400, 'invalid_parameter', 'by');
    expectClientError(await funnels(h.projects[0]!.readKey, mine, `${range}&limit=5`), 400, 'invalid_parameter', 'limit');
    expectClientError(await funnels(h.projects[0]!.readKey, mine, `from=${today}&to=${yesterday}`), 400, 'invalid_parameter', 'to');
    expectClientError(await funnels(h.projects[0]!.adminKey, mine, range), 403, 'wrong_key_kind');
  });

  it('when the range starts before the raw events still kept then 400 naming from, and from that day on it answers', async () => {
    const { projectId, adminKey, readKey } = h.projects[1]!;
    const id = await createFunnel(adminKey, { name: 'Kept', steps: STEPS });
    await h.t.pool.query(`update projects set raw_kept_from = ($2::date)::timestamp at time zone timezone where id = $1`, [projectId, yesterday]);
    try {
      const error = expectClientError(await funnels(readKey, id, `from=${new Date(now - 2 * DAY_MS).toISOString().slice(0, 10)}&to=${today}`), 400, 'invalid_parameter', 'from');
      expect(error.message).to.include(yesterday);
      expect((await funnels(readKey, id, range)).status).to.equal(200);
    } finally {
      await h.t.pool.query('update projects set raw_kept_from = null where id = $1', [projectId]);
    }
  });

  it('when a funnel of the project is being computed then a second one is refused 429 funnel_busy with Retry-After, and the first still answers', async () => {
    const { adminKey, readKey } = h.projects[0]!;
    const id = await createFunnel(adminKey, { name: 'Busy', steps: STEPS });
    // Holding the events table keeps the first funnel reading raw events until it is released.
    const blocker = await h.t.pool.connect();
    let first: Promise<Answer> | undefined;
    try {
      await blocker.query('begin');
      await blocker.query('lock table events in access exclusive mode');
      first = funnels(readKey, id, range);
      await eventually(async () => {
        const { rows } = await h.t.pool.query(`select 1 from pg_stat_activity where query like '/* funnel_hits */%' and wait_event_type = 'Lock'`);
        return rows.length === 1;
      }, 10_000);
      const second = await funnels(readKey, id, range);
      expectClientError(second, 429, 'funnel_busy');
      expect(second.headers.get('retry-after')).to.equal('10');
    } finally {
      await blocker.query('rollback');
      blocker.release();
    }
    const answer = await first;
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    expect(counts(answer.json.steps)).to.deep.equal([4, 3, 1]);
    expect((await funnels(readKey, id, range)).status).to.equal(200);
  });

  it("when a signed-in viewer reads the project's funnel then 200, the same figures as the read key", async () => {
    const { projectId, adminKey, readKey } = h.projects[0]!;
    const id = await createFunnel(adminKey, { name: 'Viewer', steps: STEPS, mode: 'unordered' });
    const viewer = await signIn(h, await addUser(h, { [projectId]: 'viewer' }));
    const answer = await asUser(h, viewer, 'GET', `/v1/stats/funnels/${id}?${range}`, { project: projectId });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    expect(answer.json).to.deep.equal((await funnels(readKey, id, range)).json);
  });
});
