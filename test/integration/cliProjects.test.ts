import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { localDay } from '../../shared/timezone.js';
import { startWorker, type RunningWorker } from '../../worker/server.js';
import { ev, eventually, startHarness, SHOP, type Harness } from './api/harness.js';
import { runRole } from '../helpers/processes.js';
import { silentLog } from '../helpers/services.js';

const ZONE = 'Europe/Paris';

/** Runs the CLI as a user would, against the harness's database and Redis prefix. */
async function cli(h: Harness, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runRole('cli/main.ts', h.t.env, args);
}

/** `NAME='value'` lines, as `eval` would read them. */
function parseEnvLines(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.trim().split('\n')) {
    const match = /^([A-Z_]+)='([^']*)'$/.exec(line);
    if (!match) throw new Error(`not a NAME='value' line: ${line}`);
    vars[match[1]!] = match[2]!;
  }
  return vars;
}

/** Rows of a project in every table that has a project_id (the catalog query deleteProject uses is not reused here). */
async function rowsPerTable(h: Harness, projectId: string): Promise<Record<string, number>> {
  const tables = await h.t.pool.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where column_name = 'project_id' and table_schema = current_schema() order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables.rows) {
    const { rows } = await h.t.pool.query<{ n: number }>(`select count(*)::int as n from "${table}" where project_id = $1`, [projectId]);
    if (rows[0]!.n > 0) counts[table] = rows[0]!.n;
  }
  return counts;
}

describe('cli: projects and keys of a running installation', function () {
  this.timeout(90_000);
  let h: Harness;
  let worker: RunningWorker;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop', timezone: ZONE, allowedOrigins: [SHOP] },
        { name: 'Bystander', timezone: 'UTC' },
      ],
    });
    worker = await startWorker(h.t.config, silentLog);
  });
  after(async () => {
    await worker.close();
    await h.close();
  });

  it('when env is asked for then it prints the URLs the CLI uses, ready for eval', async () => {
    const out = await cli(h, 'env');
    expect(out.code, out.stderr).to.equal(0);
    expect(parseEnvLines(out.stdout)).to.deep.equal({ DATABASE_URL: h.t.env.DATABASE_URL, REDIS_URL: h.t.env.REDIS_URL });
  });

  it('when a project is created with --format env then its id and keys come as shell variables that work', async () => {
    const out = await cli(h, 'project', 'create', '--name', 'Env shop', '--timezone', ZONE, '--format', 'env');
    expect(out.code, out.stderr).to.equal(0);
    const vars = parseEnvLines(out.stdout);
    expect(Object.keys(vars)).to.deep.equal(['PROJECT_ID', 'WRITE_KEY', 'READ_KEY', 'ADMIN_KEY', 'SERVER_KEY']);
    await eventually(async () => (await h.admin('GET', '/project', undefined, vars.ADMIN_KEY)).status === 200, 5000);
    expect((await h.admin('GET', '/project', undefined, vars.ADMIN_KEY)).json.id).to.equal(vars.PROJECT_ID);
  });

  it('when projects are listed then each appears with its settings and working key counts, never a key', async () => {
    const out = await cli(h, 'project', 'list');
    expect(out.code, out.stderr).to.equal(0);
    const listed = JSON.parse(out.stdout) as { projectId: string; name: string; timezone: string; activeKeys: Record<string, number> }[];
    const shop = listed.find((p) => p.projectId === h.project.projectId);
    expect(shop).to.deep.include({ name: 'Shop', timezone: ZONE, activeKeys: { admin: 1, read: 1, write: 1, server: 1 } });
    expect(listed.map((p) => p.name)).to.include.members(['Shop', 'Bystander']);
    expect(out.stdout).to.not.contain(h.project.adminKey.slice(13));
  });

  it('when an admin key is lost then key create makes a new one that works at once, printed once', async () => {
    const out = await cli(h, 'key', 'create', '--project', h.project.projectId, '--kind', 'admin');
    expect(out.code, out.stderr).to.equal(0);
    const created = JSON.parse(out.stdout) as { projectId: string; kind: string; key: string; prefix: string };
    expect(created).to.include({ projectId: h.project.projectId, kind: 'admin' });
    expect(created.key.startsWith(created.prefix)).to.equal(true);
    await eventually(async () => (await h.admin('GET', '/project', undefined, created.key)).status === 200, 2000);
    const keys = (await h.admin('GET', '/keys', undefined, created.key)).json.keys as { prefix: string; kind: string }[];
    expect(keys.filter((k) => k.kind === 'admin').map((k) => k.prefix)).to.include(created.prefix);
  });

  it('when key create names an unknown project or kind then it fails with one sentence and creates nothing', async () => {
    const unknown = await cli(h, 'key', 'create', '--project', randomUUID(), '--kind', 'admin');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(/cuepoint: unknown project: /);
    const kind = await cli(h, 'key', 'create', '--project', h.project.projectId, '--kind', 'root');
    expect(kind.code).to.not.equal(0);
    expect(kind.stderr).to.contain('--kind');
  });

  it('when an event is posted and rollup now runs then the stats answer its figure without a range', async () => {
    const id = () => randomUUID();
    const posted = await h.post({ events: [{ id: id(), type: 'impression', ts: Date.now(), visitorId: id(), sessionId: id(), url: `${SHOP}/p/1` }] }, { key: h.project.writeKey });
    expect(posted.status).to.equal(202);

    const out = await cli(h, 'rollup', 'now', '--project', h.project.projectId);
    expect(out.code, out.stderr).to.equal(0);
    const today = localDay(Date.now(), ZONE);
    expect((JSON.parse(out.stdout) as { days: { day: string }[] }).days.map((d) => d.day)).to.deep.equal([today]);
    expect((await h.t.pool.query('select 1 from dirty_days where project_id = $1', [h.project.projectId])).rowCount).to.equal(0);

    const stats = await h.request('GET', '/v1/stats/overview', { headers: { authorization: `Bearer ${h.project.readKey}` } });
    expect(stats.status).to.equal(200);
    expect(stats.json).to.include({ to: today });
    expect(stats.json.totals).to.include({ impressions: 1, visitors: 1 });
  });

  it('when project delete lacks --yes then nothing is deleted', async () => {
    const out = await cli(h, 'project', 'delete', '--project', h.project.projectId);
    expect(out.code).to.equal(1);
    expect(out.stderr).to.contain('--yes');
    expect((await h.t.pool.query('select 1 from projects where id = $1', [h.project.projectId])).rowCount).to.equal(1);
  });

  it('when a project is deleted then its keys stop working at once, a worker job removes every row of it, and other projects stay', async () => {
    const victim = h.project.projectId;
    const bystander = h.projects[1]!.projectId;
    const post = () => h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: SHOP });
    const stored = (await rowsPerTable(h, victim)).events ?? 0;
    expect((await post()).status, 'the key works before').to.equal(202);
    // Stored before the delete starts, so that nothing lands after it.
    await eventually(async () => (await rowsPerTable(h, victim)).events === stored + 1, 5000);
    expect(await rowsPerTable(h, victim)).to.include.keys('events', 'event_ids', 'api_keys', 'dirty_days');
    const bystanderBefore = await rowsPerTable(h, bystander);

    const out = await cli(h, 'project', 'delete', '--project', victim, '--yes');
    expect(out.code, out.stderr).to.equal(0);
    const deleted = JSON.parse(out.stdout) as { deleted: boolean; jobId: string };
    expect(deleted.deleted).to.equal(true);

    // The job row is the deletion's record and outlives the project; every other row goes.
    await eventually(async () => JSON.stringify(await rowsPerTable(h, victim)) === JSON.stringify({ lifecycle_jobs: 1 }), 15_000, 100);
    // The job marks itself done after its last delete commits, a moment after the rows are gone.
    const state = async () => (await h.t.pool.query<{ state: string }>('select state from lifecycle_jobs where id = $1', [deleted.jobId])).rows[0]?.state;
    await eventually(async () => (await state()) === 'done', 5000, 100);
    expect(await state()).to.equal('done');
    expect(await rowsPerTable(h, bystander)).to.deep.equal(bystanderBefore);
    // The web process is told through config-changed; its periodic reload is 30 s away.
    await eventually(async () => (await post()).status === 401, 2000);
    expect((await h.admin('GET', '/project')).status).to.equal(401);

    const again = await cli(h, 'project', 'delete', '--project', victim, '--yes');
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('unknown project');
  });
});
