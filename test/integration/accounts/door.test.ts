import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { startHarness, type Harness } from '../api/harness.js';
import { withBearer } from '../tenancy/tenants.js';
import { addUser, asUser, signIn, type Browser } from './users.js';

/** A request whose body never arrives: it can only be answered if the server answers before reading it. */
function answerWithoutBody(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json', 'content-length': '100000' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.write('{"name":');
  });
}

describe('accounts: the session door of the stats and admin routes', () => {
  let h: Harness;
  let a: string;
  let b: string;
  const as: Record<'viewer' | 'member' | 'admin' | 'owner', Browser> = {} as never;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'A', timezone: 'Europe/Berlin', allowedOrigins: ['https://a.example'] },
        { name: 'B', timezone: 'Europe/Berlin', allowedOrigins: ['https://b.example'] },
      ],
    });
    a = h.projects[0]!.projectId;
    b = h.projects[1]!.projectId;
    for (const role of ['viewer', 'member', 'admin', 'owner'] as const) as[role] = await signIn(h, await addUser(h, { [a]: role }));
  });
  after(async () => {
    await h.close();
  });

  it('when each role reads the stats of its project then 200, with Vary on the key, the cookie and the project header, and If-None-Match gives 304', async () => {
    for (const browser of Object.values(as)) {
      const answer = await asUser(h, browser, 'GET', '/v1/stats/overview', { project: a });
      expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
      expect(answer.headers.get('vary')).to.equal('Authorization, Cookie, X-Cuepoint-Project');
      const again = await asUser(h, browser, 'GET', '/v1/stats/overview', { project: a, headers: { 'if-none-match': answer.headers.get('etag') ?? '' } });
      expect(again.status).to.equal(304);
    }
  });

  it('when the role matrix meets the admin routes then viewer and member get 403 insufficient_role naming both roles, admin and owner get in', async () => {
    const viewer = expectClientError(await asUser(h, as.viewer, 'GET', '/v1/admin/project', { project: a }), 403, 'insufficient_role');
    expect(viewer.message).to.equal('this needs the admin role; you are a viewer');
    expectClientError(await asUser(h, as.member, 'PATCH', '/v1/admin/project', { project: a, body: { name: 'x' } }), 403, 'insufficient_role');
    expect((await asUser(h, as.admin, 'GET', '/v1/admin/keys', { project: a })).status).to.equal(200);
    const patched = await asUser(h, as.owner, 'PATCH', '/v1/admin/project', { project: a, body: { name: 'A renamed' } });
    expect(patched.status).to.equal(200);
    expect(patched.json.name).to.equal('A renamed');
    expect((await asUser(h, as.admin, 'POST', '/v1/admin/videos', { project: a, body: { videoId: 'intro', title: 'Intro' } })).status).to.equal(201);
  });

  it('when a member names another project then 404 project_not_found, as for one that does not exist or is not an id', async () => {
    for (const project of [b, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expectClientError(await asUser(h, as.owner, 'GET', '/v1/stats/overview', { project }), 404, 'project_not_found', 'X-Cuepoint-Project');
      expectClientError(await asUser(h, as.owner, 'GET', '/v1/admin/project', { project }), 404, 'project_not_found', 'X-Cuepoint-Project');
    }
  });

  it('when the project header is missing then 400 missing_field naming it; with neither cookie nor key 401', async () => {
    expectClientError(await asUser(h, as.viewer, 'GET', '/v1/stats/overview'), 400, 'missing_field', 'X-Cuepoint-Project');
    expectClientError(await h.request('GET', '/v1/stats/overview'), 401, 'missing_key');
    expectClientError(await h.request('GET', '/v1/admin/members'), 401, 'not_logged_in');
  });

  it('when a session writes without the CSRF token or with another one then 403, and nothing changes', async () => {
    expectClientError(await asUser(h, as.owner, 'PATCH', '/v1/admin/project', { project: a, body: { name: 'forged' }, csrf: null }), 403, 'csrf_token_missing', 'X-CSRF-Token');
    expectClientError(await asUser(h, as.owner, 'PATCH', '/v1/admin/project', { project: a, body: { name: 'forged' }, csrf: as.admin.csrfToken }), 403, 'csrf_token_invalid', 'X-CSRF-Token');
    expect((await asUser(h, as.owner, 'GET', '/v1/admin/project', { project: a })).json.name).to.not.equal('forged');
  });

  it('when the CSRF token is missing or wrong then the 403 comes before the body is read', async () => {
    for (const [csrf, code] of [[undefined, 'csrf_token_missing'], ['wrong', 'csrf_token_invalid']] as const) {
      const headers: Record<string, string> = { cookie: as.owner.cookie, 'x-cuepoint-project': a };
      if (csrf !== undefined) headers['x-csrf-token'] = csrf;
      const answer = await answerWithoutBody(h.web.url, '/v1/admin/project', headers);
      expect(answer.status).to.equal(403);
      expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).to.equal(code);
    }
  });

  it('when a key and a cookie come together then the key decides', async () => {
    const withBoth = (key: string) =>
      h.request('GET', '/v1/admin/project', { headers: { authorization: `Bearer ${key}`, cookie: as.owner.cookie, 'x-cuepoint-project': a } });
    expectClientError(await withBoth(h.projects[1]!.readKey), 403, 'wrong_key_kind', 'authorization');
    expect((await withBoth(h.projects[1]!.adminKey)).json.id).to.equal(b);
  });

  it('when a key comes alone then it opens its routes as before sessions existed', async () => {
    expect((await withBearer(h, 'GET', '/v1/admin/project', h.projects[0]!.adminKey)).json.id).to.equal(a);
    expect((await withBearer(h, 'GET', '/v1/stats/overview', h.projects[0]!.readKey)).status).to.equal(200);
  });
});
