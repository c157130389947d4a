import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { sendRaw } from '../../fuzz/rawHttp.js';
import { ev, eventually, SHOP, startHarness, type Answer, type Harness } from '../api/harness.js';
import { KIND, Rollups } from '../stats-api/fixtures.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** helmet 8's defaults, as the app sends them (CORP is the one some routes relax on purpose). */
const HELMET_DEFAULTS: Record<string, string | RegExp> = {
  'content-security-policy': /default-src 'self'/,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': /^(same-origin|cross-origin)$/,
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

function expectHelmet(answer: Answer, what: string): void {
  for (const [name, expected] of Object.entries(HELMET_DEFAULTS)) {
    const value = answer.headers.get(name);
    if (typeof expected === 'string') expect(value, `${name} on ${what}`).to.equal(expected);
    else expect(value, `${name} on ${what}`).to.match(expected);
  }
  expect(answer.headers.get('x-powered-by'), `x-powered-by on ${what}`).to.equal(null);
}

/** For answers whose body is not JSON (the tracker, a 304): the harness' request parses JSON. */
async function fetchAnswer(h: Harness, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${h.web.url}${path}`, { headers });
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers, json: {} };
}

describe('transport: helmet headers on every kind of answer', () => {
  let h: Harness;
  before(async () => {
    // The API serves the tracker only once `npm run build` (or this) has built it.
    execFileSync(process.execPath, [`${ROOT}scripts/build-tracker.mjs`], { cwd: ROOT, stdio: 'pipe' });
    h = await startHarness();
    const rollups = new Rollups(h.t.pool, h.project.projectId);
    await rollups.project('2026-03-01', false, { impressions: 1 });
    await rollups.members('2026-03-01', KIND.visitor, '', false, [1]);
    await rollups.stamp('2026-03-01');
  });
  after(async () => {
    await h.close();
  });

  it('when a 200, 202 or 204 is answered then helmet headers are on it', async () => {
    const ok = await h.request('GET', '/healthz');
    expect(ok.status).to.equal(200);
    expectHelmet(ok, '200 /healthz');
    const accepted = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: SHOP });
    expect(accepted.status).to.equal(202);
    expectHelmet(accepted, '202 ingest');
    const preflight = await h.request('OPTIONS', '/v1/events', { headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
    expect(preflight.status).to.equal(204);
    expectHelmet(preflight, '204 preflight');
  });

  it('when a stats poll is answered 304 then helmet headers are on it', async () => {
    const path = '/v1/stats/overview?from=2026-03-01&to=2026-03-01';
    const auth = { authorization: `Bearer ${h.project.readKey}` };
    const first = await fetchAnswer(h, path, auth);
    const again = await fetchAnswer(h, path, { ...auth, 'if-none-match': first.headers.get('etag') ?? '' });
    expect(again.status).to.equal(304);
    expectHelmet(again, '304 stats');
  });

  it('when a 400, 401, 404, 405 or 413 is answered then helmet headers are on it', async () => {
    const answers: [number, Answer][] = [
      [400, await h.post('{"events": [', { key: h.project.writeKey })],
      [401, await h.request('GET', '/v1/admin/project')],
      [404, await h.request('GET', '/nothing/here')],
      [405, await h.request('GET', '/v1/events')],
      [413, await h.post({ events: [ev.custom({ pad: 'x'.repeat(600 * 1024) })] }, { key: h.project.writeKey })],
    ];
    for (const [status, answer] of answers) {
      expect(answer.status).to.equal(status);
      expectHelmet(answer, String(status));
    }
  });

  it('when /openapi.json and the tracker at /cp.js are served then helmet headers are on them, CORP relaxed only for the tracker', async () => {
    const doc = await h.request('GET', '/openapi.json');
    expect(doc.status).to.equal(200);
    expectHelmet(doc, '/openapi.json');
    expect(doc.headers.get('cross-origin-resource-policy')).to.equal('same-origin');
    const loader = await fetchAnswer(h, '/cp.js');
    expect(loader.status).to.equal(200);
    expectHelmet(loader, '/cp.js');
    expect(loader.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
  });

  it('when Node refuses a request before the app (headers over 16 KB, a control byte in a header) then the answer is a JSON error with nosniff', async () => {
    const huge = await sendRaw(h.web.port, { method: 'GET', target: '/healthz', headers: [['X-Big', 'h'.repeat(20_000)]] });
    expect(huge?.status).to.equal(431);
    expect(huge?.headers.get('content-type')).to.match(/^application\/json/);
    expect(huge?.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(JSON.parse(huge?.body.toString() ?? '')).to.deep.include({ error: { code: 'headers_too_large', message: 'the request headers exceed 16 KB', field: 'headers' } });
    const control = await sendRaw(h.web.port, { method: 'GET', target: '/healthz', headers: [['X-Bad', 'a\u0001b']] });
    expect(control?.status).to.equal(400);
    expect((JSON.parse(control?.body.toString() ?? '') as { error: { code: string } }).error.code).to.equal('bad_request');
    // And the process keeps serving.
    expect((await h.request('GET', '/healthz')).status).to.equal(200);
  });

  it('when a request carries an unknown Expect value then it is served as usual, not refused with a bare 417', async () => {
    const answer = await sendRaw(h.web.port, { method: 'GET', target: '/healthz', headers: [['Expect', 'the-unexpected']] });
    expect(answer?.status).to.equal(200);
    expect(answer?.headers.get('x-content-type-options')).to.equal('nosniff');
  });
});

describe('transport: helmet headers on 429 and 503', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_KEY: '1', BACKLOG_MAX_JOBS: '1', BACKLOG_POLL_MS: '20' } });
  });
  after(async () => {
    await h.close();
  });

  it('when the rate limit or the backlog bound refuses a request then helmet headers are on the 429 and the 503', async () => {
    const post = () => h.post({ events: [ev.pageView()] }, { key: h.project.writeKey });
    const burst = await Promise.all([post(), post()]);
    const limited = burst.find((a) => a.status === 429);
    expect(limited, 'a 429 in a burst of two with RATE_LIMIT_PER_KEY=1').to.not.equal(undefined);
    expectHelmet(limited!, '429');

    let overloaded: Answer | undefined;
    await eventually(async () => {
      overloaded = await post();
      return overloaded.status === 503;
    }, 5000, 100);
    expectHelmet(overloaded!, '503');
  });
});
