import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { initOrm, type MikroORM } from '../../../shared/db/orm.js';
import { KEY_KINDS, type KeyKind } from '../../../shared/entities/ApiKey.js';
import { expectClientError } from '../api/assertions.js';
import { ev, startHarness, type Answer, type Harness } from '../api/harness.js';
import { addUser, asUser, signIn, type Browser } from '../accounts/users.js';
import { CROSS_PROJECT } from './crossProject.js';
import { SEGMENT_KEY_ROUTES, segmentCall } from './segment.js';
import { trackerSettings } from './trackerSettings.js';
import { ACCOUNT_ROUTES, newTenants, OPERATOR_ROUTES, PUBLIC_ROUTES, servedRoutes, SESSION_ONLY_ROUTES, withBearer, WRITE_KEY_ROUTES, type Tenants } from './tenants.js';

/**
 * The key kinds each route accepts: ingest takes the write and the server key, members and
 * project deletion none, the rest is by prefix.
 */
function kindsOf(route: string): readonly KeyKind[] {
  if (route === 'POST /v1/events' || SEGMENT_KEY_ROUTES.includes(route)) return ['write', 'server'];
  if (route === 'POST /v1/journeys/promote' || route === 'GET /v1/tracker/settings') return ['write'];
  if (SESSION_ONLY_ROUTES.includes(route)) return [];
  return [route.includes('/v1/stats/') ? 'read' : 'admin'];
}

function keyOf(t: Tenants, kind: KeyKind): string {
  const keys: Record<KeyKind, string> = { write: t.a.writeKey, read: t.a.readKey, admin: t.a.adminKey, server: t.a.serverKey };
  return keys[kind];
}

/** The route with concrete parameters (B's where the route names a key prefix). */
function concrete(route: string, t: Tenants): { method: string; path: string } {
  const [method = '', pattern = ''] = route.split(' ');
  const path = pattern
    .replace(':videoId', 'intro')
    .replace(':slotId', 'home')
    .replace(':ruleId', randomUUID())
    .replace(':userId', randomUUID())
    .replace(':visitorId', randomUUID())
    .replace(':jobId', randomUUID())
    .replace(':formId', 'contact')
    .replace(':funnelId', randomUUID())
    .replace(':kind', 'write')
    .replace(':prefix', t.b.writeKey.slice(0, 12))
    .replace(':id', randomUUID());
  // The live figures take no range (nor any parameter).
  if (path === '/v1/stats/realtime') return { method, path };
  // The audience-retention answer is about one video, which it requires.
  if (path.includes('/v1/stats/')) return { method, path: `${path}?from=2026-03-01&to=2026-03-02${path.endsWith('/audience-retention') ? '&videoId=intro' : ''}` };
  return { method, path: path === '/v1/journeys' ? `${path}?email=ann@example.com` : path };
}

function callWith(h: Harness, route: string, t: Tenants, key: string): Promise<Answer> {
  if (route === 'POST /v1/events') return h.post({ events: [ev.pageView()] }, { key });
  if (SEGMENT_KEY_ROUTES.includes(route)) return segmentCall(h, route, key);
  if (route === 'POST /v1/journeys/promote') {
    const body = JSON.stringify({ visitorId: randomUUID(), email: 'ann@example.com', clientEvents: [ev.pageView()] });
    return h.request('POST', '/v1/journeys/promote', { headers: { 'content-type': 'application/json', 'x-cuepoint-key': key }, body });
  }
  if (route === 'GET /v1/tracker/settings') return trackerSettings(h, key);
  const { method, path } = concrete(route, t);
  return withBearer(h, method, path, key, method === 'POST' || method === 'PATCH' ? {} : undefined);
}

const PROTECTED = Object.keys(CROSS_PROJECT);

describe('tenancy: a key of project A never reaches project B, on every endpoint', () => {
  let h: Harness;
  let orm: MikroORM;
  before(async () => {
    // Any project of the harness is unused: each test makes its own pair.
    h = await startHarness();
    orm = await initOrm(h.t.config);
  });
  after(async () => {
    await orm.close();
    await h.close();
  });

  it('when the routes the app serves are listed then each one that names a project has a cross-project check', () => {
    const needsKey = servedRoutes().filter((r) => !PUBLIC_ROUTES.includes(r) && !ACCOUNT_ROUTES.includes(r) && !OPERATOR_ROUTES.includes(r));
    expect(needsKey.length).to.be.greaterThan(20);
    expect([...needsKey].sort()).to.deep.equal([...PROTECTED].sort());
  });

  for (const route of PROTECTED) {
    const { then, check } = CROSS_PROJECT[route]!;
    it(`when A's ${kindsOf(route).join(' or ') || 'admin'} key calls ${route} aimed at B then ${then}`, async () => {
      await check(h, await newTenants(h, orm));
    });
  }

  for (const route of PROTECTED) {
    const right = kindsOf(route);
    const wrong = KEY_KINDS.filter((k) => !right.includes(k));
    const code = right.length === 0 ? 'session_required' : 'wrong_key_kind';
    it(`when A's ${wrong.join(' or ')} key calls ${route} then 403 ${code}`, async () => {
      const t = await newTenants(h, orm);
      const field =
        route === 'GET /v1/tracker/settings' ? 'key' : WRITE_KEY_ROUTES.includes(route) && !SEGMENT_KEY_ROUTES.includes(route) ? 'x-cuepoint-key' : 'authorization';
      for (const kind of wrong) expectClientError(await callWith(h, route, t, keyOf(t, kind)), 403, code, field);
      // Nothing was enqueued for A: a refused key writes nothing.
      const jobs = await h.waitingJobs();
      expect(jobs.filter((j) => j.projectId === t.a.projectId || j.projectId === t.b.projectId)).to.deep.equal([]);
    });
  }
});

describe('tenancy: a signed-in member of project A never reaches project B, on every endpoint', () => {
  let h: Harness;
  let orm: MikroORM;
  let t: Tenants;
  let ownerOfA: Browser;
  let viewerOfA: Browser;
  before(async () => {
    h = await startHarness();
    orm = await initOrm(h.t.config);
    t = await newTenants(h, orm);
    ownerOfA = await signIn(h, await addUser(h, { [t.a.projectId]: 'owner' }));
    viewerOfA = await signIn(h, await addUser(h, { [t.a.projectId]: 'viewer' }));
  });
  after(async () => {
    await orm.close();
    await h.close();
  });

  const projectRoutes = PROTECTED.filter((r) => !WRITE_KEY_ROUTES.includes(r));
  const bodyOf = (method: string) => (method === 'POST' || method === 'PATCH' ? {} : undefined);

  for (const route of projectRoutes) {
    it(`when A's owner names B in ${route} then 404 project_not_found, and B is still there`, async () => {
      const { method, path } = concrete(route, t);
      expectClientError(await asUser(h, ownerOfA, method, path, { project: t.b.projectId, body: bodyOf(method) }), 404, 'project_not_found', 'X-Cuepoint-Project');
      expect((await withBearer(h, 'GET', '/v1/admin/project', t.b.adminKey)).json.id).to.equal(t.b.projectId);
    });
  }

  for (const route of projectRoutes.filter((r) => !r.includes('/v1/stats/'))) {
    it(`when A's viewer calls ${route} on A then 403 insufficient_role`, async () => {
      const { method, path } = concrete(route, t);
      expectClientError(await asUser(h, viewerOfA, method, path, { project: t.a.projectId, body: bodyOf(method) }), 403, 'insufficient_role');
    });
  }

  it("when A's viewer reads A's stats then every stats route answers 200", async () => {
    // A funnel's figures need a saved funnel of A's: the funnels test reads them as a viewer.
    for (const route of projectRoutes.filter((r) => r.includes('/v1/stats/') && !r.includes(':funnelId'))) {
      const { method, path } = concrete(route, t);
      expect((await asUser(h, viewerOfA, method, path, { project: t.a.projectId })).status, route).to.equal(200);
    }
  });
});
