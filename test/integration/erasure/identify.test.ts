import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from '../api/assertions.js';
import { eventually, SHOP, startHarness, type Harness } from '../api/harness.js';
import { withBearer } from '../tenancy/tenants.js';

const HOUR_MS = 3_600_000;

describe('identify: user ids of visitors, through the API and worker, listed for operators and erased with the visitor', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  const base = Date.now() - 5 * HOUR_MS;
  const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
  const identify = (visitorId: string, userId: unknown, hoursIn: number) => ({ id: randomUUID(), type: 'identify', ts: base + hoursIn * HOUR_MS, visitorId, sessionId: randomUUID(), userId });
  // X is user-42 twice (first at +0 h, last at +2 h) and shared-device once; Y is user-42 once (+1 h);
  // Z is someone else. One identify of X is sent twice (the same id): it is stored once.
  const twice = identify(x, 'user-42', 2);
  const events = [identify(x, 'user-42', 0), twice, twice, identify(x, 'shared device', 1), identify(y, 'user-42', 1), identify(z, 'user-7', 1)];

  before(async () => {
    h = await startHarness({ projects: [{ name: 'Identify', timezone: 'UTC', allowedOrigins: [SHOP] }] });
    worker = await startWorker(h.t.config, silentLog);
    expect((await h.post({ events }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    await eventually(async () => (await h.t.pool.query(`select 1 from events where type = 'identify'`)).rowCount === 5, 15_000, 50);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  const visitorsOf = async (userId: string, key = h.project.adminKey) => {
    const answer = await withBearer(h, 'GET', `/v1/users/${encodeURIComponent(userId)}/visitors`, key);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json.visitors as { visitorId: string; firstAt: string; lastAt: string }[];
  };
  const iso = (hoursIn: number) => new Date(base + hoursIn * HOUR_MS).toISOString();

  it('when a user id is looked up then every visitor it was identified as is listed, latest first, with first and last times', async () => {
    expect(await visitorsOf('user-42')).to.deep.equal([
      { visitorId: x, firstAt: iso(0), lastAt: iso(2) },
      { visitorId: y, firstAt: iso(1), lastAt: iso(1) },
    ]);
    expect((await visitorsOf('shared device')).map((v) => v.visitorId)).to.deep.equal([x]);
    expect(await visitorsOf('nobody')).to.deep.equal([]);
  });

  it('when the server key sends an identify then the pair is stored like a browser one', async () => {
    const w = randomUUID();
    expect((await withBearer(h, 'POST', '/v1/events', h.project.serverKey, { events: [identify(w, 'crm-1', 3)] })).status).to.equal(202);
    await eventually(async () => (await h.t.pool.query(`select 1 from visitor_users where visitor_id = $1`, [w])).rowCount === 1, 15_000, 50);
    expect((await visitorsOf('crm-1')).map((v) => v.visitorId)).to.deep.equal([w]);
  });

  it('when an identify or a lookup is malformed then the answer is a 400 naming the field', async () => {
    for (const userId of ['', 'u'.repeat(201), 42]) {
      const answer = await h.post({ events: [identify(x, userId, 0)] }, { key: h.project.writeKey, origin: SHOP });
      expectClientError(answer, 400, 'no_valid_events');
      expect((answer.json.rejected as { field: string }[])[0]!.field).to.equal('userId');
    }
    expectClientError(await withBearer(h, 'GET', `/v1/users/${'u'.repeat(201)}/visitors`, h.project.adminKey), 400, 'invalid_field', 'userId');
    expectClientError(await withBearer(h, 'GET', '/v1/users/a%00b/visitors', h.project.adminKey), 400, 'invalid_field', 'userId');
    expectClientError(await withBearer(h, 'GET', '/v1/users/user-42/visitors', h.project.readKey), 403, 'wrong_key_kind');
  });

  it('when a visitor is exported then its user ids are in the export; when it is erased then its pairs are gone, the others stay', async () => {
    const exported = await fetch(`${h.web.url}/v1/visitors/${x}/export`, { headers: { authorization: `Bearer ${h.project.adminKey}` } });
    const lines = (await exported.text()).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.kind === 'visitor_users').map((l) => l.userId).sort()).to.deep.equal(['shared device', 'user-42']);

    const erased = await withBearer(h, 'DELETE', `/v1/visitors/${x}`, h.project.adminKey);
    expect(erased.status).to.equal(202);
    const jobId = erased.json.jobId as string;
    await eventually(async () => (await withBearer(h, 'GET', `/v1/jobs/${jobId}`, h.project.adminKey)).json.state === 'done', 30_000, 100);
    expect((await visitorsOf('user-42')).map((v) => v.visitorId)).to.deep.equal([y]);
    expect(await visitorsOf('shared device')).to.deep.equal([]);
    expect((await h.t.pool.query('select 1 from visitor_users where visitor_id = $1', [x])).rowCount).to.equal(0);
  });
});
