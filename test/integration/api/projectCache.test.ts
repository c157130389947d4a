import { expect } from 'chai';
import pg from 'pg';
import { publishConfigChanged } from '../../../shared/queue/configEvents.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject } from '../../../shared/projects/createProject.js';
import { withDatabase } from '../../helpers/services.js';
import { ev, eventually, startHarness, type Harness } from './harness.js';

describe('project config cache', () => {
  let h: Harness;
  beforeEach(async () => {
    // Periodic reload far away, so only the pub/sub message can explain a quick change.
    h = await startHarness({ env: { CONFIG_RELOAD_MS: '600000' } });
  });
  afterEach(async () => {
    await h.close();
  });

  const postWith = (key: string) => h.post({ events: [ev.pageView()] }, { key });

  it('when another process revokes a key and publishes config-changed then it stops working within 1 s', async () => {
    expect((await postWith(h.project.writeKey)).status).to.equal(202);
    const prefix = h.project.writeKey.slice(0, 12);
    // What the CLI does: commit the revocation, then publish.
    await h.t.pool.query('update api_keys set revoked_at = now() where prefix = $1', [prefix]);
    const published = Date.now();
    await publishConfigChanged(h.redis, h.t.config.redis.prefix);
    await eventually(async () => (await postWith(h.project.writeKey)).status === 401, 1000, 10);
    expect(Date.now() - published).to.be.below(1000);
    const answer = await postWith(h.project.writeKey);
    expect((answer.json.error as { code: string }).code).to.equal('key_revoked');
  });

  it('when a project is created elsewhere and config-changed is published then its key works', async () => {
    const orm = await initOrm(h.t.config);
    const created = await createProject(orm.em.fork(), { name: 'Late', timezone: 'UTC' }).finally(() => orm.close());
    expect((await postWith(created.writeKey)).status).to.equal(401);
    await publishConfigChanged(h.redis, h.t.config.redis.prefix);
    await eventually(async () => (await postWith(created.writeKey)).status === 202, 1000, 10);
  });

  it('when PostgreSQL refuses connections then known keys keep working and readyz stays green', async () => {
    const database = new URL(h.t.env.DATABASE_URL!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: withDatabase(h.t.env.DATABASE_URL!, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`alter database ${database} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
      await publishConfigChanged(h.redis, h.t.config.redis.prefix);
      await new Promise((r) => setTimeout(r, 200)); // the reload fails in the meantime
      expect((await postWith(h.project.writeKey)).status).to.equal(202);
      expect((await h.request('GET', '/readyz')).status).to.equal(200);
    } finally {
      await admin.query(`alter database ${database} allow_connections true`);
      await admin.end();
    }
  });

  it('when everything is up then readyz and healthz answer 200', async () => {
    const ready = await h.request('GET', '/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.json).to.deep.equal({ status: 'ready', checks: { redis: 'ok', config: 'ok' } });
    expect((await h.request('GET', '/healthz')).status).to.equal(200);
  });
});
