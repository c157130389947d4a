import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { startWeb, type WebServer } from '../../../api/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from './assertions.js';
import { ev, eventually, SHOP, startHarness, type Answer, type Harness } from './harness.js';

const SECRET = 'test-rate-limit-secret-0123456789abcdef';

function expectRateLimited(answer: Answer, field: string): void {
  expectClientError(answer, 429, 'rate_limited', field);
  expect(answer.headers.get('retry-after')).to.equal('1');
}

async function rateKeys(h: Harness): Promise<string[]> {
  return h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`);
}

/** Waits until every counter of this harness has expired: a fresh window. */
async function nextWindow(h: Harness): Promise<void> {
  await eventually(async () => (await rateKeys(h)).length === 0, 3000, 50);
}

describe('ingest: rate limit per write key', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_SECRET: SECRET } });
  });
  after(async () => {
    await h.close();
  });

  it('when a key makes more requests than RATE_LIMIT_PER_KEY within one second then the rest get 429 and enqueue nothing', async () => {
    await nextWindow(h);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => h.post({ events: [ev.pageView(), ev.pageView()] }, { key: h.project.writeKey, origin: SHOP })),
    );
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status !== 202);
    expect(accepted).to.have.length(3);
    expect(refused).to.have.length(2);
    for (const answer of refused) {
      expectRateLimited(answer, 'x-cuepoint-key');
      // A browser's tracker can read the 429 and its Retry-After.
      expect(answer.headers.get('access-control-allow-origin')).to.equal(SHOP);
      expect(answer.headers.get('access-control-expose-headers')).to.equal('Retry-After');
    }
    // Requests are counted, not events: three jobs of two events each.
    const jobs = await h.waitingJobs();
    expect(jobs).to.have.length(3);
    expect(jobs.map((j) => j.events.length)).to.deep.equal([2, 2, 2]);
  });

  it('when the key is in the body then the 429 names the body field', async () => {
    await nextWindow(h);
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.post({ key: h.project.writeKey, events: [ev.pageView()] })));
    expectRateLimited(answers.find((a) => a.status !== 202)!, 'key');
  });

  it('when the window has passed then the key is accepted again', async () => {
    await nextWindow(h);
    const burst = await Promise.all(Array.from({ length: 4 }, () => h.post({ events: [ev.pageView()] }, { key: h.project.writeKey })));
    expect(burst.map((a) => a.status).sort()).to.deep.equal([202, 202, 202, 429]);
    await nextWindow(h);
    expect((await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey })).status).to.equal(202);
  });

  it('when two web processes share Redis then they share the limit', async () => {
    const second: WebServer = await startWeb(h.t.config, silentLog);
    try {
      await nextWindow(h);
      const before = (await h.waitingJobs()).length;
      const postTo = (url: string) =>
        fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cuepoint-key': h.project.writeKey },
          body: JSON.stringify({ events: [ev.pageView()] }),
        }).then((r) => r.status);
      const statuses = await Promise.all([h.web.url, second.url, h.web.url, second.url, h.web.url, second.url].map(postTo));
      expect(statuses.filter((s) => s === 202)).to.have.length(3);
      expect(statuses.filter((s) => s === 429)).to.have.length(3);
      expect((await h.waitingJobs()).length - before).to.equal(3);
    } finally {
      await second.close();
    }
  });
});

describe('ingest: rate limit per client IP', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      env: { RATE_LIMIT_PER_KEY: '100', RATE_LIMIT_PER_IP: '2', RATE_LIMIT_SECRET: SECRET, TRUST_PROXY_HOPS: '1' },
    });
  });
  after(async () => {
    await h.close();
  });

  it('when one key is used from two IPs then each IP is limited on its own, and Redis holds no raw IP', async () => {
    const ips = ['203.0.113.7', '198.51.100.9'];
    const answers = await Promise.all(
      ips.flatMap((ip) =>
        Array.from({ length: 3 }, () =>
          h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, headers: { 'x-forwarded-for': ip } }).then((a) => ({ ip, a })),
        ),
      ),
    );
    for (const ip of ips) {
      const mine = answers.filter((x) => x.ip === ip).map((x) => x.a);
      expect(mine.filter((a) => a.status === 202), ip).to.have.length(2);
      const refused = mine.filter((a) => a.status !== 202);
      expect(refused, ip).to.have.length(1);
      expectRateLimited(refused[0]!, 'ip');
    }
    expect(await h.waitingJobs()).to.have.length(4);

    const keys = await rateKeys(h);
    for (const key of keys) for (const ip of ips) expect(key).to.not.include(ip);
    expect(keys).to.not.satisfy((ks: string[]) => ks.some((k) => k.includes(h.project.writeKey)));
    const prefix = h.t.config.redis.prefix;
    for (const ip of ips) {
      const hmac = createHmac('sha256', SECRET).update(ip).digest('hex').slice(0, 32);
      expect(keys).to.include(`${prefix}:ratelimit:ip:${hmac}`);
    }
    // The counters expire with their window.
    for (const key of keys) expect(await h.redis.pttl(key)).to.be.within(1, 1000);
  });
});
