import { expect } from 'chai';
import { get as httpGet } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startWeb, type WebServer } from '../../api/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../helpers/services.js';
import { buildTracker } from './helpers.js';

/** Serving the tracker (no browser needed): cache headers, cross-origin loading, renamed path. */
describe('tracker: served by the API', () => {
  let t: TestEnv;
  let web: WebServer;
  before(async () => {
    buildTracker();
    t = await createTestEnv({ PORT: '0', TRACKER_PATH: '/assets/w.js' });
    web = await startWeb(t.config, silentLog);
  });
  after(async () => {
    await web.close();
    await t.cleanup();
  });

  /** node:http rather than fetch, which would decompress the body behind our back. */
  function get(path: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; headers: Map<string, string>; body: Buffer }>((resolve, reject) => {
      httpGet(`${web.url}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const map = new Map(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
          resolve({ status: res.statusCode ?? 0, headers: map, body: Buffer.concat(chunks) });
        });
      }).on('error', reject);
    });
  }

  it('when the loader is fetched at the configured path then it is short-cached, loadable cross-origin, and names the hashed bundle', async () => {
    const loader = await get('/assets/w.js');
    expect(loader.status).to.equal(200);
    expect(loader.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(loader.headers.get('cache-control')).to.equal('public, max-age=300');
    expect(loader.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    const relative = /"(t\/w\.[0-9a-f]{12}\.js)"/.exec(loader.body.toString())?.[1];
    expect(relative).to.be.a('string');
    expect(loader.body.toString()).to.match(/integrity="sha384-/);
    expect((await get('/cp.js')).status).to.equal(404);

    const bundle = await get(`/assets/${relative!}`, { 'accept-encoding': 'gzip, br' });
    expect(bundle.status).to.equal(200);
    expect(bundle.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(bundle.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    expect(bundle.headers.get('access-control-allow-origin')).to.equal('*');
    expect(bundle.headers.get('content-encoding')).to.equal('gzip');
    expect(bundle.headers.get('vary')).to.match(/Accept-Encoding/i);
    // Under 6 KB gzipped: the 5 KB aim was passed by the widget's video ids, played ranges,
    // identify, the holdout and playback quality (requests, stalls, seeks, errors, ends).
    expect(bundle.body.length).to.be.lessThan(6 * 1024);
    const plain = await get(`/assets/${relative!}`);
    expect(plain.headers.get('content-encoding')).to.equal(undefined);
    expect(gunzipSync(bundle.body).equals(plain.body)).to.equal(true);

    expect((await get('/assets/t/w.000000000000.js')).status).to.equal(404);
    const head = await fetch(`${web.url}/assets/w.js`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
  });
});
