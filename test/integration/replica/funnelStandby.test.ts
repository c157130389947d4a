import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { startWeb, type WebServer } from '../../../api/server.js';
import { StatsQueries } from '../../../api/stats/queries.js';
import { funnelReport, parseFunnelQuery } from '../../../api/stats/reports/funnels.js';
import { loadConfig, type Config } from '../../../shared/config.js';
import { migrate } from '../../../shared/db/migrate.js';
import { initOrm } from '../../../shared/db/orm.js';
import { findFunnel } from '../../../shared/funnels/store.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { deleteRedisPrefix, sharedServices, silentLog } from '../../helpers/services.js';
import { StreamingReplica } from '../../helpers/streamingReplica.js';
import { ev, Ingest, visitor, type TestProject } from '../rollup/helpers.js';

const DATABASE = 'cuepoint';
const SHOP = 'https://shop.example';
const DAY_MS = 86_400_000;
const STEPS = [
  { kind: 'page', match: 'pattern', pattern: `${SHOP}/products/*` },
  { kind: 'page', match: 'exact', pattern: `${SHOP}/contact` },
];

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

const counts = (answer: Answer): number[] => (answer.json.steps as { count: number }[]).map((s) => s.count);

/**
 * Funnels read raw events on the standby of DATABASE_READ_URL, in one read-only snapshot whose
 * figures the ETag names. By hand: each `visit(true)` session views a product then the contact
 * page (both steps), each `visit(false)` a product only.
 */
describe('funnels on a real streaming standby (DATABASE_READ_URL)', function () {
  this.timeout(60_000);
  let servers: StreamingReplica;
  let primary: pg.Pool;
  let ingest: Ingest;
  let keys: CreatedProject;
  let project: TestProject;
  let config: Config;
  let web: WebServer | undefined;
  const start = Date.now() - DAY_MS;
  const range = `from=${new Date(start - DAY_MS).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`;
  /** Undone in reverse in `after`, whatever part of `before` ran. */
  const teardown: (() => Promise<void>)[] = [];

  /** Sessions written on the primary only, with their facts, as the worker writes them. */
  async function visits(...reachesContact: boolean[]): Promise<void> {
    await ingest.write(
      project,
      reachesContact.flatMap((contact, i) => {
        const v = visitor();
        const products = ev.pageView(v, start + i * 60_000, `${SHOP}/products/shoe`);
        return contact ? [products, ev.pageView(v, start + i * 60_000 + 20_000, `${SHOP}/contact`)] : [products];
      }),
    );
  }

  async function request(path: string, headers: Record<string, string> = {}, init: { method?: string; body?: string } = {}): Promise<Answer> {
    if (!web) throw new Error('no web process');
    const res = await fetch(`${web.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  async function saveFunnel(name: string): Promise<string> {
    const headers = { authorization: `Bearer ${keys.adminKey}`, 'content-type': 'application/json' };
    const created = await request('/v1/admin/funnels', headers, { method: 'POST', body: JSON.stringify({ name, steps: STEPS }) });
    expect(created.status, JSON.stringify(created.json)).to.equal(201);
    return created.json.id as string;
  }

  const funnel = (id: string, headers: Record<string, string> = {}) =>
    request(`/v1/stats/funnels/${id}?${range}`, { authorization: `Bearer ${keys.readKey}`, ...headers });

  before(async () => {
    servers = await StreamingReplica.start();
    teardown.push(() => servers.stop());
    const setup = new pg.Client({ connectionString: servers.primaryUrl('postgres') });
    await setup.connect();
    await setup.query(`create database ${DATABASE}`);
    await setup.end();
    config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: servers.primaryUrl(DATABASE),
      DATABASE_READ_URL: servers.standbyUrl(DATABASE),
      REDIS_URL: (await sharedServices()).base.redis.url ?? '',
      QUEUE_PREFIX: `cpt-replica-funnels-${randomBytes(4).toString('hex')}`,
    });
    teardown.push(() => deleteRedisPrefix(config));
    await migrate(config);
    const orm = await initOrm(config);
    try {
      keys = await createProject(orm.em.fork(), { name: 'Funnels on the standby', timezone: 'UTC' });
    } finally {
      await orm.close();
    }
    project = { id: keys.projectId, timezone: 'UTC' };
    primary = new pg.Pool({ connectionString: servers.primaryUrl(DATABASE), max: 3 });
    teardown.push(() => primary.end());
    ingest = new Ingest(primary);
    web = await startWeb(config, silentLog);
    teardown.push(async () => web?.close());
    await visits(true, true, false);
    await servers.caughtUp();
  });

  after(async () => {
    for (const undo of teardown.reverse()) await undo();
  });

  it('when the standby lags then a funnel keeps the figures and ETag of the events it holds while the primary has newer ones; once it replays, the new figures come with a new ETag', async () => {
    const id = await saveFunnel('Products to contact');
    const before = await funnel(id);
    expect(before.status, JSON.stringify(before.json)).to.equal(200);
    expect(counts(before)).to.deep.equal([3, 2]);
    const oldTag = before.headers.get('etag') ?? '';
    expect(oldTag).to.match(/^"[\w-]+"$/);
    expect(before.headers.get('cache-control')).to.equal('private, no-cache');

    await servers.pauseReplay();
    try {
      await visits(true, true, false, false);
      const saved = await findFunnel(primary, project.id, id);
      if (!saved) throw new Error('the funnel is on the primary');
      const onPrimary = await funnelReport(new StatsQueries(primary), project, saved, parseFunnelQuery(Object.fromEntries(new URLSearchParams(range)), 'UTC'));
      expect(onPrimary.steps?.map((s) => s.count), 'the primary holds the new sessions').to.deep.equal([7, 4]);

      const lagging = await funnel(id);
      expect(lagging.status).to.equal(200);
      expect(counts(lagging), 'figures of the standby, not the primary').to.deep.equal([3, 2]);
      expect(lagging.headers.get('etag')).to.equal(oldTag);
      const revalidated = await funnel(id, { 'if-none-match': oldTag });
      expect(revalidated.status).to.equal(304);
      expect(revalidated.headers.get('etag')).to.equal(oldTag);

      // The definition is read on the primary: a funnel saved while the standby lags answers at once, with the standby's figures.
      const fresh = await funnel(await saveFunnel('Saved during the lag'));
      expect(fresh.status, JSON.stringify(fresh.json)).to.equal(200);
      expect(counts(fresh)).to.deep.equal([3, 2]);
    } finally {
      await servers.resumeReplay();
    }

    await servers.caughtUp();
    const after = await funnel(id, { 'if-none-match': oldTag });
    expect(after.status).to.equal(200);
    expect(counts(after)).to.deep.equal([7, 4]);
    const newTag = after.headers.get('etag') ?? '';
    expect(newTag).to.match(/^"[\w-]+"$/).and.not.equal(oldTag);
    expect((await funnel(id, { 'if-none-match': newTag })).status).to.equal(304);
  });
});
