import { expect } from 'chai';
import { startWeb, type WebServer } from '../../../api/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { buildWebApp, type WebManifest } from './build.js';

/** Serving the web app (no browser needed): redirects, the fallback to index.html, cache headers and the CSP. */
describe('web app: served by the API', () => {
  let t: TestEnv;
  let web: WebServer;
  let manifest: WebManifest;
  before(async () => {
    manifest = buildWebApp();
    t = await createTestEnv({ PORT: '0' });
    web = await startWeb(t.config, silentLog);
  });
  after(async () => {
    await web.close();
    await t.cleanup();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${web.url}${path}`, { redirect: 'manual', headers });

  it('when / or /app is asked for then it redirects to /app/', async () => {
    for (const path of ['/', '/app']) {
      const res = await get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.get('location'), path).to.equal('/app/');
    }
  });

  it('when any path under /app/ is asked for then index.html answers, revalidated, under a strict CSP, naming hashed assets only', async () => {
    for (const path of ['/app/', '/app/login', '/app/p/0b9e3c52-8d3c-4a8e-9a55-1d2b1f0f4a11/overview?range=30d']) {
      const res = await get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(res.headers.get('cache-control')).to.equal('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of ["script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
        expect(csp).to.contain(directive);
      }
      expect(csp).not.to.contain('unsafe-inline');
      const html = await res.text();
      expect(html).not.to.match(/<script>|<script[^>]*>[^<]+<\/script>|<style|style=/);
      expect(html).to.match(/<script type="module" src="\/app\/assets\/app\.[A-Z0-9]+\.js"><\/script>/);
    }
  });

  it('when a hashed asset is asked for then it is immutable and gzipped on request; an unknown one is the API\'s JSON 404, not cached', async () => {
    const html = await (await get('/app/')).text();
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/app\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script).to.be.a('string');
    expect(style).to.be.a('string');
    const js = await get(script!, { 'accept-encoding': 'gzip' });
    expect(js.status).to.equal(200);
    expect(js.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(js.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).to.equal('gzip');
    expect((await get(style!)).headers.get('content-type')).to.match(/^text\/css/);
    for (const path of ['/app/assets/app.NOTHERE.js', '/app/assets/..%2Fmanifest.json', '/app/assets/sub/app.js']) {
      const res = await get(path);
      expect(res.status, path).to.equal(404);
      expect(res.headers.get('cache-control'), path).to.equal('no-store');
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('not_found');
    }
    expect((await fetch(`${web.url}/app/login`, { method: 'POST' })).status).to.equal(404);
  });

  it('when the app is built then its manifest puts the first screen within the 250 KB gzipped budget', () => {
    expect(manifest.firstScreenGzipBytes).to.be.greaterThan(0);
    expect(manifest.firstScreenGzipBytes).to.be.lessThan(250 * 1024);
  });
});
