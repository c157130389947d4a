import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { ev, SHOP, startHarness, type Answer, type Harness } from '../api/harness.js';

const OTHER = 'https://other.example';

function expectNoCors(answer: Answer, what: string): void {
  expect(answer.headers.get('access-control-allow-origin'), `ACAO on ${what}`).to.equal(null);
  expect(answer.headers.get('access-control-expose-headers'), `ACEH on ${what}`).to.equal(null);
  expect(answer.headers.get('access-control-allow-credentials'), `ACAC on ${what}`).to.equal(null);
}

/** Complements ingest.cors.test.ts: the near misses of an allowed origin, and the non-ingest routes. */
describe('transport: CORS only for the project’s allowed origins', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop', timezone: 'UTC', allowedOrigins: [SHOP] },
        { name: 'Other', timezone: 'UTC', allowedOrigins: [OTHER] },
      ],
    });
  });
  after(async () => {
    await h.close();
  });

  const near = [
    ['another project’s origin', OTHER],
    ['the plain-http twin', 'http://shop.example'],
    ['another port', 'https://shop.example:8443'],
    ['a subdomain', 'https://www.shop.example'],
    ['a suffix trick', 'https://shop.example.evil.test'],
    ['the literal null', 'null'],
    ['a path in the header', 'https://shop.example/'],
  ] as const;
  for (const [what, origin] of near) {
    it(`when ${what} (${origin}) posts with the shop's key then 403 origin_not_allowed without any CORS header`, async () => {
      const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin });
      expectClientError(answer, 403, 'origin_not_allowed', 'origin');
      expectNoCors(answer, what);
    });
  }

  it('when the allowed origin posts then only that origin is echoed, never a wildcard or credentials', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: SHOP });
    expect(answer.status).to.equal(202);
    expect(answer.headers.get('access-control-allow-origin')).to.equal(SHOP);
    expect(answer.headers.get('access-control-allow-credentials')).to.equal(null);
  });

  it('when a page calls the admin or stats API with its Origin then no CORS header lets it read the answer', async () => {
    const headers = (key: string) => ({ origin: SHOP, authorization: `Bearer ${key}` });
    const answers: [string, Answer][] = [
      ['admin 200', await h.request('GET', '/v1/admin/project', { headers: headers(h.project.adminKey) })],
      ['admin 401', await h.request('GET', '/v1/admin/project', { headers: { origin: SHOP } })],
      ['stats 200', await h.request('GET', '/v1/stats/overview?from=2026-03-01&to=2026-03-01', { headers: headers(h.project.readKey) })],
      ['stats 403', await h.request('GET', '/v1/stats/overview?from=2026-03-01&to=2026-03-01', { headers: headers(h.project.writeKey) })],
    ];
    for (const [what, answer] of answers) expectNoCors(answer, what);
    expect(answers[0]![1].status).to.equal(200);
    expect(answers[2]![1].status).to.equal(200);
  });

  it('when a browser preflights the admin or stats API then no CORS header allows the real request', async () => {
    for (const path of ['/v1/admin/project', '/v1/stats/overview']) {
      const res = await fetch(`${h.web.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: SHOP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      await res.arrayBuffer();
      expect(res.headers.get('access-control-allow-origin'), path).to.equal(null);
      expect(res.headers.get('access-control-allow-headers'), path).to.equal(null);
    }
  });
});
