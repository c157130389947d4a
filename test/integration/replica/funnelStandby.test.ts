import { expect } from 'chai';
import pg from 'pg';
import { startWeb, type WebServer } from '../../../api/server.js';
import { StatsQueries } from '../../../api/stats/queries.js';
import { funnelReport, parseFunnelQuery } from '../../../api/stats/reports/funnels.js';
import type { Config } from '../../../shared/config.js';
import { findFunnel } from '../../../shared/funnels/store.js';
import type { CreatedProject } from '../../../shared/projects/createProject.js';
import { silentLog } from '../../helpers/services.js';
import type { StreamingReplica } from '../../helpers/streamingReplica.js';
import { ev, Ingest, visitor, type TestProject } from '../rollup/helpers.js';
import { requestJson, StandbyDeployment, type Answer } from './standbyDeployment.js';

const SHOP = 'https://shop.example';
const DAY_MS = 86_400_000;
const STEPS = [
  { kind: 'page', match: 'pattern', pattern: `${SHOP}/products/*` },
  { kind: 'page', match: 'exact', pattern: `${SHOP}/contact` },
];

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
  const deployment = new StandbyDeployment();

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
    return requestJson(web.url, path, headers, init);
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
    await deployment.start('replica-funnels');
    ({ servers, config, primary } = deployment);
    keys = await deployment.createProject('Funnels on the standby');
    project = { id: keys.projectId, timezone: 'UTC' };
    ingest = new Ingest(primary);
    web = await startWeb(config, silentLog);
    deployment.onClose(async () => web?.close());
    await visits(true, true, false);
    await servers.caughtUp();
  });

  after(async () => {
    await deployment.close();
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
