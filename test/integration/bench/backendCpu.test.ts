import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { BackendCpu } from '../../../bench/lib/backendCpu.js';
import { cpuMs } from '../../../bench/lib/cpuTime.js';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Enough work for a backend to use a few hundred ms of CPU. */
const BUSY_SQL = 'select count(*) from generate_series(1, 4000000)';

async function connect(applicationName: string): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client({ connectionString: ADMIN_URL, application_name: applicationName });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { client, pid: rows[0]!.pid };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The bench charges PostgreSQL's CPU to a run by the application_name of its processes'
 * connections; other benchmarks share the server, and pools open and close backends mid-step.
 */
describe('bench: PostgreSQL CPU of the backends serving one run', () => {
  let pool: pg.Pool;
  const opened: pg.Client[] = [];
  before(() => {
    pool = new pg.Pool({ connectionString: ADMIN_URL, max: 1 });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.end().catch(() => undefined)));
  });
  after(async () => {
    await pool.end();
  });

  it('when a named backend and a backend of another name both work during the measure then only the named one is counted', async () => {
    const name = `bench-test-${randomUUID().slice(0, 8)}`;
    const ours = await connect(name);
    const theirs = await connect(`${name}-other`);
    opened.push(ours.client, theirs.client);
    const cpu = await new BackendCpu(pool, [name]).start();
    const ours0 = cpuMs(ours.pid);
    await Promise.all([ours.client.query(BUSY_SQL), theirs.client.query(BUSY_SQL)]);
    const oursUsed = cpuMs(ours.pid) - ours0;
    const measured = await cpu.stop();

    expect(oursUsed).to.be.greaterThan(50);
    expect(measured.backends).to.equal(1);
    // Tick resolution (10 ms) at either end, and the stop's own sample of pg_stat_activity.
    expect(measured.ms).to.be.within(oursUsed - 20, oursUsed + 30);
  });

  it('when a named backend connects during the measure and closes before it ends then its CPU still counts', async () => {
    const name = `bench-test-${randomUUID().slice(0, 8)}`;
    const cpu = await new BackendCpu(pool, [name]).start();
    const shortLived = await connect(name);
    opened.push(shortLived.client);
    await shortLived.client.query(BUSY_SQL);
    const used = cpuMs(shortLived.pid);
    await sleep(300); // a few samples after the work
    await shortLived.client.end();
    await sleep(100);
    const measured = await cpu.stop();

    expect(used).to.be.greaterThan(50);
    expect(measured.backends).to.equal(1);
    expect(measured.ms).to.be.within(used - 20, used + 30);
  });
});
