import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { createUser } from '../../../api/accounts/users.js';
import { PROJECT_HEADER } from '../../../api/auth/access.js';
import { SESSION_COOKIE } from '../../../api/auth/cookies.js';
import { startWeb, type WebServer } from '../../../api/server.js';
import { ROLLED_UP_AT_HEADER } from '../../../api/stats/controller.js';
import type { Config } from '../../../shared/config.js';
import { initOrm } from '../../../shared/db/orm.js';
import { ProjectMember } from '../../../shared/entities/ProjectMember.js';
import type { CreatedProject } from '../../../shared/projects/createProject.js';
import { silentLog } from '../../helpers/services.js';
import type { StreamingReplica } from '../../helpers/streamingReplica.js';
import { ev, Ingest, rollupAll, visitor, type TestProject } from '../rollup/helpers.js';
import { requestJson, StandbyDeployment, type Answer } from './standbyDeployment.js';

const DAY = '2026-03-10';
const PASSWORD = 'correct horse battery';

/** The impressions of the range, from an overview body. */
function impressionsOf(answer: Answer): number {
  const totals = answer.json.totals as { impressions: number };
  return totals.impressions;
}

describe('read replica (DATABASE_READ_URL) on a real streaming standby', function () {
  this.timeout(60_000);
  let servers: StreamingReplica;
  let primary: pg.Pool;
  let ingest: Ingest;
  let keys: CreatedProject;
  let project: TestProject;
  let withReplica: Config;
  let web: WebServer | undefined;
  const deployment = new StandbyDeployment();

  /** `count` impressions of new visitors on DAY, written and rolled up on the primary. */
  async function impressions(count: number): Promise<void> {
    await ingest.write(
      project,
      Array.from({ length: count }, (_, i) => ev.impression(visitor(), `${DAY}T09:0${i}:00Z`)),
    );
    await rollupAll(primary, project.id);
  }

  async function request(path: string, headers: Record<string, string> = {}, init: { method?: string; body?: string } = {}): Promise<Answer> {
    if (!web) throw new Error('no web process');
    return requestJson(web.url, path, headers, init);
  }

  const overview = (headers: Record<string, string> = {}) =>
    request(`/v1/stats/overview?from=${DAY}&to=${DAY}`, { authorization: `Bearer ${keys.readKey}`, ...headers });

  before(async () => {
    await deployment.start('replica');
    ({ servers, primary, config: withReplica } = deployment);
    keys = await deployment.createProject('Replica');
    project = { id: keys.projectId, timezone: 'UTC' };
    ingest = new Ingest(primary);
    await impressions(2);
    await servers.caughtUp();
  });

  afterEach(async () => {
    await web?.close();
    web = undefined;
  });

  after(async () => {
    await deployment.close();
  });

  it('when the standby lags then stats keep the figures, ETag and rollup time it holds, while sign-in and admin writes go to the primary; once it replays, the new figures come with a new ETag', async () => {
    web = await startWeb(withReplica, silentLog);
    const before = await overview();
    expect(before.status).to.equal(200);
    expect(impressionsOf(before)).to.equal(2);
    const oldTag = before.headers.get('etag') ?? '';
    const oldRolledAt = before.headers.get(ROLLED_UP_AT_HEADER);
    expect(oldTag).to.match(/^"[\w-]+"$/);
    expect(oldRolledAt).to.be.a('string');

    await servers.pauseReplay();
    await impressions(3);
    const onPrimary = await primary.query<{ n: string }>(`select sum(impressions)::text as n from daily_project where project_id = $1`, [project.id]);
    expect(onPrimary.rows[0]?.n).to.equal('5');

    const lagging = await overview();
    expect(lagging.status).to.equal(200);
    expect(impressionsOf(lagging), 'figures of the standby, not the primary').to.equal(2);
    expect(lagging.headers.get('etag')).to.equal(oldTag);
    expect(lagging.headers.get(ROLLED_UP_AT_HEADER)).to.equal(oldRolledAt);
    const revalidated = await overview({ 'if-none-match': oldTag });
    expect(revalidated.status).to.equal(304);
    expect(revalidated.headers.get('etag')).to.equal(oldTag);

    // Writes and sessions meanwhile: a user made now (on the primary only) signs in and reads stats.
    const orm = await initOrm(withReplica);
    const email = `replica-${randomUUID()}@example.com`;
    try {
      const em = orm.em.fork();
      const user = await createUser(em, email, PASSWORD);
      em.create(ProjectMember, { project: keys.projectId, user, role: 'viewer' });
      await em.flush();
    } finally {
      await orm.close();
    }
    const login = await request('/v1/auth/login', { 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify({ email, password: PASSWORD }) });
    expect(login.status, JSON.stringify(login.json)).to.equal(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';', 1)[0] ?? '';
    const asMember = await request(`/v1/stats/overview?from=${DAY}&to=${DAY}`, { cookie, [PROJECT_HEADER]: keys.projectId });
    expect(asMember.status, JSON.stringify(asMember.json)).to.equal(200);
    expect(impressionsOf(asMember)).to.equal(2);
    const created = await request(
      '/v1/admin/videos',
      { authorization: `Bearer ${keys.adminKey}`, 'content-type': 'application/json' },
      { method: 'POST', body: JSON.stringify({ videoId: 'intro', title: 'Intro' }) },
    );
    expect(created.status, JSON.stringify(created.json)).to.equal(201);
    const listed = await request('/v1/admin/videos', { authorization: `Bearer ${keys.adminKey}` });
    expect((listed.json.videos as { videoId: string }[]).map((v) => v.videoId)).to.deep.equal(['intro']);

    await servers.resumeReplay();
    await servers.caughtUp();
    const after = await overview({ 'if-none-match': oldTag });
    expect(after.status).to.equal(200);
    expect(impressionsOf(after)).to.equal(5);
    const newTag = after.headers.get('etag');
    expect(newTag).to.be.a('string').and.not.equal(oldTag);
    expect(Date.parse(after.headers.get(ROLLED_UP_AT_HEADER) ?? '')).to.be.greaterThan(Date.parse(oldRolledAt ?? ''));
    expect((await overview({ 'if-none-match': newTag ?? '' })).status).to.equal(304);
  });

  it('when DATABASE_READ_URL is unset then stats read the primary, lagging standby or not', async () => {
    web = await startWeb(deployment.primaryOnly, silentLog);
    await servers.pauseReplay();
    try {
      const before = await overview();
      await impressions(1);
      const after = await overview({ 'if-none-match': before.headers.get('etag') ?? '' });
      expect(after.status).to.equal(200);
      expect(impressionsOf(after)).to.equal(impressionsOf(before) + 1);
    } finally {
      await servers.resumeReplay();
    }
  });

  // Last: the standby stays stopped.
  it('when the standby is down then stats answer 503 with Retry-After, and the admin API on the primary keeps working', async () => {
    web = await startWeb(withReplica, silentLog);
    await servers.stopStandby();
    const stats = await overview();
    expect(stats.status).to.equal(503);
    expect(stats.headers.get('retry-after')).to.equal('5');
    expect(stats.json).to.deep.equal({ error: { code: 'service_unavailable', message: 'a server Cuepoint depends on is unavailable; retry shortly' } });
    const videos = await request('/v1/admin/videos', { authorization: `Bearer ${keys.adminKey}` });
    expect(videos.status).to.equal(200);
  });
});
