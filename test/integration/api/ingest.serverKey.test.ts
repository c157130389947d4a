import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from './assertions.js';
import { ev, eventually, SHOP, startHarness, type Answer, type Harness } from './harness.js';

const CURL_UA = 'curl/8.5.0';

function conversion(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return ev.base('conversion', { conversionType: 'purchase', value: 49.5, currency: 'EUR', orderId: 'ORD-1001', ...extra });
}

/** A backend's request: no Origin, a non-browser user agent, the key in the header it chooses. */
function fromBackend(h: Harness, key: string, body: unknown, header: 'x-cuepoint-key' | 'authorization' = 'authorization'): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': CURL_UA };
  headers[header] = header === 'authorization' ? `Bearer ${key}` : key;
  return h.request('POST', '/v1/events', { headers, body: JSON.stringify(body) });
}

describe('ingest: the secret server key', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when a backend posts with the server key in either header then 202 and the job is marked fromServer, without the backend as client', async () => {
    for (const header of ['authorization', 'x-cuepoint-key'] as const) {
      const event = conversion();
      const answer = await fromBackend(h, h.project.serverKey, { events: [event] }, header);
      expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
      const job = (await h.waitingJobs()).find((j) => j.events.some((e) => e.id === event.id));
      expect(job).to.deep.include({ projectId: h.project.projectId, fromServer: true });
      expect(job?.context).to.deep.equal({ userAgent: null, country: null, ipPrefix: null });
    }
  });

  it('when the server key sends any event type then it is accepted like the write key would be', async () => {
    const answer = await fromBackend(h, h.project.serverKey, { events: [ev.pageView(), ev.play(), conversion()] });
    expect(answer.json).to.deep.equal({ accepted: 3, rejected: [] });
  });

  it('when the write key posts a conversion then the job is not fromServer', async () => {
    const event = conversion();
    expect((await h.post({ events: [event] }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    const job = (await h.waitingJobs()).find((j) => j.events.some((e) => e.id === event.id));
    expect(job?.fromServer).to.equal(false);
  });

  it('when the server key comes from a page (an Origin header) then 403 and nothing is enqueued', async () => {
    const before = (await h.waitingJobs()).length;
    const answer = await h.post({ events: [conversion()] }, { key: h.project.serverKey, origin: SHOP });
    expectClientError(answer, 403, 'server_key_in_browser', 'origin');
    expect(await h.waitingJobs()).to.have.length(before);
  });

  it('when the server key is rotated then the old one stops at once (no grace by default) and the new one is accepted', async () => {
    const other = h.projects[0]!;
    const rotated = await h.admin('POST', '/keys/server/rotate', {}, other.adminKey);
    expect(rotated.status).to.equal(201);
    expect(rotated.json).to.deep.include({ kind: 'server', revoked: [other.serverKey.slice(0, 12)], expiring: [] });
    expect(rotated.json.key).to.match(/^cps_[0-9a-f]{8}_/);
    expectClientError(await fromBackend(h, other.serverKey, { events: [conversion()] }), 401, 'key_revoked', 'authorization');
    expect((await fromBackend(h, rotated.json.key as string, { events: [conversion()] })).status).to.equal(202);
    expect((await h.admin('DELETE', `/keys/${rotated.json.prefix as string}`, undefined, other.adminKey)).status).to.equal(204);
    expectClientError(await fromBackend(h, rotated.json.key as string, { events: [conversion()] }), 401, 'key_revoked', 'authorization');
  });

  it('when a server key is used on the admin or stats API then 403 wrong_key_kind', async () => {
    const rotated = await h.admin('POST', '/keys/server/rotate', {});
    const key = rotated.json.key as string;
    expectClientError(await h.admin('GET', '/project', undefined, key), 403, 'wrong_key_kind', 'authorization');
    const stats = await h.request('GET', '/v1/stats/overview?from=2026-03-01&to=2026-03-02', { headers: { authorization: `Bearer ${key}` } });
    expectClientError(stats, 403, 'wrong_key_kind', 'authorization');
  });
});

describe('ingest: a server conversion through the worker', function () {
  this.timeout(30_000);
  let h: Harness;
  let worker: RunningWorker;
  before(async () => {
    h = await startHarness();
    worker = await startWorker(h.t.config, silentLog);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when a backend sends a conversion with curl then it is stored from_server and not as a bot, and a browser one is not from_server', async () => {
    const server = conversion();
    const browser = conversion({ orderId: 'ORD-1002' });
    expect((await fromBackend(h, h.project.serverKey, { events: [server] })).status).to.equal(202);
    expect((await h.post({ events: [browser] }, { key: h.project.writeKey, origin: SHOP })).status).to.equal(202);
    const rows = async () =>
      (
        await h.t.pool.query<{ event_id: string; from_server: boolean; is_bot: boolean; browser: string | null; order_id: string }>(
          `select event_id, from_server, is_bot, browser, order_id from events where event_id = any($1::uuid[]) order by order_id`,
          [[server.id, browser.id]],
        )
      ).rows;
    await eventually(async () => (await rows()).length === 2, 20_000, 100);
    expect(await rows()).to.deep.equal([
      { event_id: server.id, from_server: true, is_bot: false, browser: null, order_id: 'ORD-1001' },
      { event_id: browser.id, from_server: false, is_bot: false, browser: 'Chrome', order_id: 'ORD-1002' },
    ]);
  });
});
