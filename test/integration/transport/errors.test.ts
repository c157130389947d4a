import { expect } from 'chai';
import { answerProblems, describeRequest } from '../../fuzz/oracle.js';
import { sendRaw, type RawRequest } from '../../fuzz/rawHttp.js';
import { startHarness, type Harness } from '../api/harness.js';

const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));
const text = (value: string) => new Uint8Array(Buffer.from(value));

/**
 * A representative set of error answers, each held to the fuzz oracle: a JSON `{error}` body
 * with a code and a message, helmet's nosniff, and no stack frame, SQL, driver message or path.
 */
function representativeRequests(keys: { write: string; read: string; admin: string }): [string, RawRequest][] {
  const ct = ['Content-Type', 'application/json'] as const;
  const bearer = (key: string) => ['Authorization', `Bearer ${key}`] as const;
  return [
    ['malformed JSON at ingest', { method: 'POST', target: '/v1/events', headers: [ct, ['X-Cuepoint-Key', keys.write]], body: text('{"events": [') }],
    ['malformed JSON at admin', { method: 'PATCH', target: '/v1/admin/project', headers: [ct, bearer(keys.admin)], body: text('{"name":') }],
    ['an oversized ingest body', { method: 'POST', target: '/v1/events', headers: [ct, ['X-Cuepoint-Key', keys.write]], body: json({ events: [], pad: 'x'.repeat(600 * 1024) }) }],
    ['an oversized admin body', { method: 'PATCH', target: '/v1/admin/project', headers: [ct, bearer(keys.admin)], body: json({ name: 'x'.repeat(300 * 1024) }) }],
    ['an oversized chunked body', { method: 'POST', target: '/v1/events', headers: [ct, ['X-Cuepoint-Key', keys.write]], body: json({ pad: 'y'.repeat(600 * 1024) }), chunked: true }],
    ['invalid UTF-8', { method: 'POST', target: '/v1/events', headers: [ct, ['X-Cuepoint-Key', keys.write]], body: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]) }],
    ['nesting 100,000 deep', { method: 'POST', target: '/v1/events', headers: [ct, ['X-Cuepoint-Key', keys.write]], body: text(`{"events":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`) }],
    ['a NUL in an admin field', { method: 'PATCH', target: '/v1/admin/project', headers: [ct, bearer(keys.admin)], body: text('{"name":"a\\u0000b"}') }],
    ['a lone surrogate in an admin field', { method: 'POST', target: '/v1/admin/videos', headers: [ct, bearer(keys.admin)], body: text('{"videoId":"v","title":"\\ud800"}') }],
    ['a bad percent-escape in a path', { method: 'GET', target: '/v1/admin/videos/%E0%A4%A', headers: [bearer(keys.admin)] }],
    ['a route that does not exist', { method: 'GET', target: '/v1/nothing', headers: [] }],
    ['a wrong key kind', { method: 'GET', target: '/v1/stats/overview?from=2026-03-01&to=2026-03-01', headers: [bearer(keys.write)] }],
    ['an unknown key', { method: 'GET', target: '/v1/admin/keys', headers: [bearer('cpa_00000000_nope')] }],
    ['a bad stats parameter', { method: 'GET', target: '/v1/stats/pages?from=2026-02-30&to=2026-03-01', headers: [bearer(keys.read)] }],
    ['an unsupported media type', { method: 'POST', target: '/v1/events', headers: [['Content-Type', 'application/xml'], ['X-Cuepoint-Key', keys.write]], body: text('<e/>') }],
    ['headers over 16 KB', { method: 'GET', target: '/healthz', headers: [['X-Big', 'h'.repeat(20_000)]] }],
    ['a request line Node cannot parse', { method: 'G ET', target: '/healthz', headers: [] }],
  ];
}

describe('transport: error answers leak nothing', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when each of a representative set of bad requests is sent then every answer is a 4xx JSON error without stack, SQL or path', async () => {
    const keys = { write: h.project.writeKey, read: h.project.readKey, admin: h.project.adminKey };
    for (const [what, request] of representativeRequests(keys)) {
      const answer = await sendRaw(h.web.port, request);
      expect(answer?.status, what).to.be.within(400, 499);
      expect(answerProblems(request, answer), `${what}: ${describeRequest(request)}`).to.deep.equal([]);
    }
  });

  it('when a query fails inside the server then the 500 is opaque: a code and a generic message, no SQL or driver text', async () => {
    // This test's own database: losing a table here is what a botched migration would do.
    await h.t.pool.query('drop table rollup_days cascade');
    await h.t.pool.query('drop table videos cascade');
    const stats = await h.request('GET', '/v1/stats/overview?from=2026-03-01&to=2026-03-01', { headers: { authorization: `Bearer ${h.project.readKey}` } });
    const admin = await h.admin('GET', '/videos');
    for (const answer of [stats, admin]) {
      expect(answer.status).to.equal(500);
      expect(answer.json).to.deep.equal({ error: { code: 'internal_error', message: 'internal server error' } });
      expect(answer.headers.get('x-content-type-options')).to.equal('nosniff');
    }
  });
});
