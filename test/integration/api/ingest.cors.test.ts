import { expect } from 'chai';
import { ev, SHOP, startHarness, type Harness } from './harness.js';

describe('ingest: CORS', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when a browser sends a preflight then it gets a generic answer echoing its origin', async () => {
    const answer = await h.request('OPTIONS', '/v1/events', {
      headers: {
        origin: 'https://anywhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-cuepoint-key',
      },
    });
    expect(answer.status).to.equal(204);
    expect(answer.headers.get('access-control-allow-origin')).to.equal('https://anywhere.example');
    expect(answer.headers.get('access-control-allow-methods')).to.equal('POST');
    expect(answer.headers.get('access-control-allow-headers')).to.match(/Content-Type/i).and.match(/X-Cuepoint-Key/i);
    expect(Number(answer.headers.get('access-control-max-age'))).to.be.greaterThan(0);
    expect(answer.headers.get('vary')).to.match(/Origin/);
  });

  it('when a preflight has no usable origin then it gets no allow-origin', async () => {
    const answer = await h.request('OPTIONS', '/v1/events', { headers: { origin: 'not an origin' } });
    expect(answer.status).to.equal(204);
    expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('when an allowed origin posts then the answer echoes it', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: SHOP });
    expect(answer.status).to.equal(202);
    expect(answer.headers.get('access-control-allow-origin')).to.equal(SHOP);
    expect(answer.headers.get('vary')).to.match(/Origin/);
    expect(answer.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
  });

  it('when an allowed origin differs only in case and default port then it is still allowed', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: 'https://SHOP.example:443' });
    expect(answer.status).to.equal(202);
  });

  it('when a disallowed origin posts then 403 and no allow-origin', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: 'https://shop.example.evil.test' });
    expect(answer.status).to.equal(403);
    expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('when a browser request gets an error answer then the tracker may read it (status, Retry-After)', async () => {
    const badKey = await h.post({ events: [ev.pageView()] }, { key: 'cpw_nope', origin: SHOP });
    expect(badKey.status).to.equal(401);
    const badJson = await h.request('POST', '/v1/events', { headers: { origin: 'https://any.example', 'content-type': 'text/plain' }, body: '{' });
    expect(badJson.status).to.equal(400);
    const wrongMethod = await h.request('GET', '/v1/events', { headers: { origin: SHOP } });
    expect(wrongMethod.status).to.equal(405);
    for (const [answer, origin] of [[badKey, SHOP], [badJson, 'https://any.example'], [wrongMethod, SHOP]] as const) {
      expect(answer.headers.get('access-control-allow-origin')).to.equal(origin);
      expect(answer.headers.get('access-control-expose-headers')).to.equal('Retry-After');
      expect(answer.headers.get('vary')).to.match(/Origin/);
    }
    const server = await h.post({ events: [ev.pageView()] }, { key: 'cpw_nope' });
    expect(server.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('when a server posts without Origin then it is accepted without CORS headers', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey });
    expect(answer.status).to.equal(202);
    expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('when the allowed origins change through the admin API then the next POST sees it', async () => {
    const newcomer = 'https://new.example';
    expect((await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: newcomer })).status).to.equal(403);
    const patched = await h.admin('PATCH', '/project', { allowedOrigins: [SHOP, `${newcomer}/some/path`] });
    expect(patched.json.allowedOrigins).to.deep.equal([SHOP, newcomer]);
    expect((await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: newcomer })).status).to.equal(202);
  });

  it('when any response is sent then helmet headers are on it', async () => {
    const answer = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey });
    expect(answer.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(answer.headers.get('x-powered-by')).to.equal(null);
    const notFound = await h.request('GET', '/nope');
    expect(notFound.status).to.equal(404);
    expect(notFound.headers.get('x-content-type-options')).to.equal('nosniff');
  });
});
