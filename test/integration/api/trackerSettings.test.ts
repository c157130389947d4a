import { expect } from 'chai';
import { expectClientError } from './assertions.js';
import { eventually, startHarness, type Harness } from './harness.js';

describe('tracker settings: GET /v1/tracker/settings and the holdout setting', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const settings = (query: string, headers: Record<string, string> = {}) => h.request('GET', `/v1/tracker/settings${query}`, { headers });
  const saltOf = async () =>
    (await h.t.pool.query<{ holdout_salt: string }>('select holdout_salt from projects where id = $1', [h.project.projectId])).rows[0]!.holdout_salt;

  it('when a project is created then its holdout is off and it has a salt of its own', async () => {
    expect((await h.admin('GET', '/project')).json.holdoutPercent).to.equal(0);
    expect(await saltOf()).to.match(/^[0-9a-f]{32}$/);
    const answer = await settings(`?key=${h.project.writeKey}`, { origin: 'https://any.example' });
    expect(answer.status).to.equal(200);
    expect(answer.json).to.deep.equal({ holdoutPercent: 0, holdoutSalt: await saltOf() });
    expect(answer.headers.get('access-control-allow-origin')).to.equal('*');
    expect(answer.headers.get('cache-control')).to.equal('public, max-age=60');
  });

  it('when the holdout is patched then GET shows it and the tracker settings follow', async () => {
    const patched = await h.admin('PATCH', '/project', { holdoutPercent: 25 });
    expect(patched.status, JSON.stringify(patched.json)).to.equal(200);
    expect(patched.json.holdoutPercent).to.equal(25);
    expect((await h.admin('GET', '/project')).json.holdoutPercent).to.equal(25);
    await eventually(async () => (await settings(`?key=${h.project.writeKey}`)).json.holdoutPercent === 25, 5000);
  });

  it('when the holdout is out of 0-50 or not a whole number then the patch is a 400 naming holdoutPercent and nothing changes', async () => {
    for (const holdoutPercent of [51, -1, 2.5, '10', null]) {
      expectClientError(await h.admin('PATCH', '/project', { holdoutPercent }), 400, 'invalid_field', 'holdoutPercent');
    }
    expect((await h.admin('GET', '/project')).json.holdoutPercent).to.equal(25);
  });

  it('when the key is missing, repeated or joined by another parameter then the answer is a 400 naming it', async () => {
    expectClientError(await settings(''), 400, 'missing_key', 'key');
    expectClientError(await settings('?key='), 400, 'missing_key', 'key');
    expectClientError(await settings(`?key=${h.project.writeKey}&key=x`), 400, 'invalid_query', 'key');
    expectClientError(await settings(`?key=${h.project.writeKey}&projectId=x`), 400, 'invalid_query', 'projectId');
  });

  it('when the key is unknown or revoked then the answer is a 404 with its code, still readable by any page and never cached', async () => {
    const unknown = await settings('?key=cpw_notakey0000000000000000000000', { origin: 'https://any.example' });
    expectClientError(unknown, 404, 'invalid_key', 'key');
    expect(unknown.headers.get('access-control-allow-origin')).to.equal('*');
    expect(unknown.headers.get('cache-control')).to.equal('no-store');
    const old = h.project.writeKey;
    expect((await h.admin('POST', '/keys/write/rotate', {})).status).to.equal(201);
    expect((await h.admin('DELETE', `/keys/${old.slice(0, 12)}`)).status).to.be.within(200, 204);
    await eventually(async () => (await settings(`?key=${old}`)).status === 404, 5000);
    expectClientError(await settings(`?key=${old}`), 404, 'key_revoked', 'key');
  });

  it('when the read key is given then the answer is a 403: only the write key opens the settings', async () => {
    expectClientError(await settings(`?key=${h.project.readKey}`), 403, 'wrong_key_kind', 'key');
  });

  it('when another method is used then the answer is a 405 naming GET', async () => {
    const answer = await h.request('POST', `/v1/tracker/settings?key=${h.project.writeKey}`, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expectClientError(answer, 405, 'method_not_allowed', 'method');
  });
});

describe('tracker settings: rate limit per client IP', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_IP: '2', RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_SECRET: 'test-rate-limit-secret-0123456789abcdef' } });
  });
  after(async () => {
    await h.close();
  });

  it('when one address asks more often than RATE_LIMIT_PER_IP within a second then the rest get 429', async () => {
    // A fresh window: no counter of this harness left.
    await eventually(async () => (await h.redis.keys(`${h.t.config.redis.prefix}:ratelimit:*`)).length === 0, 3000, 50);
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.request('GET', `/v1/tracker/settings?key=${h.project.writeKey}`)));
    expect(answers.filter((a) => a.status === 200)).to.have.length(2);
    const refused = answers.find((a) => a.status !== 200)!;
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.equal('1');
  });
});
