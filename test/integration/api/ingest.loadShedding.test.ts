import { connect } from 'node:net';
import { expect } from 'chai';
import { expectClientError } from './assertions.js';
import { ev, eventually, startHarness, type Answer, type Harness } from './harness.js';

const SECRET = 'test-rate-limit-secret-0123456789abcdef';
/** Just under MAX_BODY_BYTES (500 KB), as in the flood that was found. */
const LARGE_BODY_BYTES = 496 * 1024;

/** Waits until every counter of this harness has expired: a fresh window. */
async function nextWindow(h: Harness): Promise<void> {
  await eventually(async () => (await h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`)).length === 0, 3000, 50);
}

/** A syntactically valid body of about `bytes`, whose one event is padded to that size. */
function largeBody(bytes: number): string {
  const body = { events: [ev.custom({ pad: '' })] };
  const empty = JSON.stringify(body).length;
  return JSON.stringify({ events: [ev.custom({ pad: 'x'.repeat(bytes - empty) })] });
}

/**
 * Sends the request line and headers of a POST announcing `contentLength` bytes, and never the
 * body; resolves with the status line of whatever the server answers within `waitMs`.
 */
function headersOnly(port: number, ip: string, contentLength: number, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      resolve(received.split('\r\n')[0] ?? '');
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) {
        clearTimeout(timer);
        done();
      }
    });
    socket.on('error', () => undefined);
    socket.write(
      'POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Cuepoint-Key: cpw_00000000_invalid\r\n' +
        `X-Forwarded-For: ${ip}\r\nContent-Length: ${contentLength}\r\n\r\n`,
    );
  });
}

describe('ingest: load shedding by client IP, before the body', () => {
  const PER_IP = 20;
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: String(PER_IP), RATE_LIMIT_SECRET: SECRET, TRUST_PROXY_HOPS: '1' } });
  });
  after(async () => {
    await h.close();
  });

  it('when one IP floods 200 bodies of 496 KB with an invalid key then past RATE_LIMIT_PER_IP they get 429, not 401', async function () {
    this.timeout(60_000);
    await nextWindow(h);
    const body = largeBody(LARGE_BODY_BYTES);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => h.post(body, { key: 'cpw_00000000_not-a-key', headers: { 'x-forwarded-for': '203.0.113.50' } })),
    );
    const windows = Math.ceil((Date.now() - started) / 1000) + 1;
    const invalidKey = answers.filter((a) => a.status === 401);
    const limited = answers.filter((a) => a.status === 429);
    expect(invalidKey.length + limited.length, 'every answer is 401 or 429').to.equal(200);
    // At most PER_IP per window got as far as the key check.
    expect(invalidKey.length).to.be.at.most(PER_IP * windows);
    expect(limited.length).to.be.at.least(200 - PER_IP * windows);
    for (const a of limited.slice(0, 3)) expectClientError(a, 429, 'rate_limited', 'ip');
  });

  it('when the limit is reached then a further request is answered 429 without its body ever being sent', async () => {
    await nextWindow(h);
    const ip = '203.0.113.51';
    for (let i = 0; i < PER_IP; i++) await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, headers: { 'x-forwarded-for': ip } });
    const status = await headersOnly(h.web.port, ip, LARGE_BODY_BYTES, 2000);
    expect(status).to.equal('HTTP/1.1 429 Too Many Requests');
  });

  it('when requests with a malformed body, an invalid key or only invalid events come from one IP then each counts toward its limit', async () => {
    await nextWindow(h);
    const jobsBefore = (await h.waitingJobs()).length;
    const headers = { 'x-forwarded-for': '203.0.113.52' };
    const faults: Promise<Answer>[] = [];
    for (let i = 0; i < PER_IP; i++) {
      const kind = i % 3;
      if (kind === 0) faults.push(h.post('{"events": [', { key: h.project.writeKey, headers }));
      else if (kind === 1) faults.push(h.post({ events: [ev.pageView()] }, { key: 'cpw_00000000_not-a-key', headers }));
      else faults.push(h.post({ events: [ev.pageView({ url: 'javascript:alert(1)' })] }, { key: h.project.writeKey, headers }));
    }
    const statuses = (await Promise.all(faults)).map((a) => a.status);
    expect(new Set(statuses)).to.deep.equal(new Set([400, 401]));
    expectClientError(await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, headers }), 429, 'rate_limited', 'ip');
    expect(await h.waitingJobs()).to.have.length(jobsBefore);
  });
});

describe('ingest: every request with a valid key counts toward the key limit', () => {
  const PER_KEY = 3;
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_KEY: String(PER_KEY), RATE_LIMIT_PER_IP: '0', RATE_LIMIT_SECRET: SECRET } });
  });
  after(async () => {
    await h.close();
  });

  it('when a key sends only invalid events then those requests count, and the next valid one gets 429', async () => {
    await nextWindow(h);
    for (let i = 0; i < PER_KEY; i++) {
      expectClientError(await h.post({ events: [ev.progress(33)] }, { key: h.project.writeKey }), 400, 'no_valid_events', 'events');
    }
    expectClientError(await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey }), 429, 'rate_limited', 'x-cuepoint-key');
    expect(await h.waitingJobs()).to.deep.equal([]);
  });
});
