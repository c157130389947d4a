import { expect } from 'chai';
import { Queue } from 'bullmq';
import pg from 'pg';
import { enqueueRollups } from '../../../clock/tasks/enqueueRollups.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { ROLLUP_QUEUE } from '../../../shared/queue/rollupJob.js';
import { rollupDay, RollupLockBusy } from '../../../worker/rollup/rollupDay.js';
import { lockRetryDelayMs } from '../../../worker/rollup/worker.js';
import { LOCK_SQL } from '../../../worker/rollup/sql.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count, waitFor } from '../worker/helpers.js';
import { installDayBreaker, slowDay } from './brokenDays.js';
import { createProject, dirtyDays, ev, Ingest, projectDay, visitor } from './helpers.js';

const D1 = '2026-03-10';
const D2 = '2026-03-11';
const MINUTE = 60_000;

describe('rollup: the project lock in worker slots', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let queue: Queue;
  let connection: ReturnType<typeof createRedis>;
  let holder: pg.Client;
  let worker: RunningWorker | undefined;
  beforeEach(async () => {
    // One rollup slot: a slot that waited for a lock would stall every other project.
    t = await createTestEnv({ ROLLUP_CONCURRENCY: '1' });
    connection = createRedis(t.config, 'plain');
    queue = new Queue(ROLLUP_QUEUE, { connection, prefix: t.config.redis.prefix });
    await queue.waitUntilReady();
    holder = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await holder.connect();
  });
  afterEach(async () => {
    await holder.end();
    await worker?.close();
    worker = undefined;
    await queue.close();
    connection.disconnect();
    await t.cleanup();
  });

  const jobs = () => queue.getJobCounts('wait', 'delayed', 'active', 'completed', 'failed');

  it('when the project lock is held then a scheduled rollup gives up at once and the day stays dirty', async () => {
    const p = await createProject(t.pool);
    await new Ingest(t.pool).write(p, [ev.impression(visitor(), `${D1}T09:00:00Z`)]);
    await holder.query(LOCK_SQL, [p.id]);
    const started = Date.now();
    const err = await rollupDay(t.pool, p.id, D1, { lock: 'try' }).catch((e: unknown) => e);
    const ms = Date.now() - started;
    console.log(`      try-lock rollup returned in ${ms} ms while the lock was held`);
    expect(err).to.be.instanceOf(RollupLockBusy);
    expect(ms).to.be.lessThan(1000);
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([D1]);
    expect(await projectDay(t.pool, p.id, D1)).to.equal(undefined);

    await holder.query(`select pg_advisory_unlock_all()`);
    await rollupDay(t.pool, p.id, D1, { lock: 'try' });
    expect((await projectDay(t.pool, p.id, D1))?.impressions).to.equal(1);
  });

  it('when a job finds its project locked then it is delayed, the slot serves another project, no copy is queued, and it runs once the lock is free', async () => {
    const busy = await createProject(t.pool);
    const other = await createProject(t.pool);
    const ingest = new Ingest(t.pool);
    await ingest.write(busy, [ev.impression(visitor(), `${D1}T09:00:00Z`)]);
    await holder.query(LOCK_SQL, [busy.id]);
    worker = await startWorker(t.config, silentLog);
    const now = Date.now();

    await enqueueRollups(t.pool, queue, now);
    await waitFor('the job to be delayed', async () => (await jobs()).delayed === 1);
    // The single slot is free: another project's day rolls up while the first waits.
    await ingest.write(other, [ev.impression(visitor(), `${D1}T09:00:00Z`)]);
    expect((await enqueueRollups(t.pool, queue, now + MINUTE)).days).to.equal(2);
    await waitFor("the other project's rollup", async () => (await jobs()).completed === 1);
    expect((await projectDay(t.pool, other.id, D1))?.impressions).to.equal(1);
    // The next tick offered the busy day again, but its job was still pending: no second copy.
    const pending = await queue.getJobs(['wait', 'delayed', 'active']);
    expect(pending.map((j) => j.id)).to.deep.equal([`${busy.id}:${D1}:${Math.floor(now / MINUTE)}`]);
    expect(await dirtyDays(t.pool, busy.id)).to.deep.equal([D1]);

    await holder.query(`select pg_advisory_unlock_all()`);
    await waitFor('the delayed rollup', async () => (await jobs()).completed === 2, 20_000);
    expect(await jobs()).to.include({ wait: 0, delayed: 0, active: 0, failed: 0 });
    expect((await projectDay(t.pool, busy.id, D1))?.impressions).to.equal(1);
    expect(await dirtyDays(t.pool, busy.id)).to.deep.equal([]);
  });

  it('when a day is being rolled up then the clock does not enqueue it again until its job ends', async () => {
    await installDayBreaker(t.pool);
    const p = await createProject(t.pool);
    const ingest = new Ingest(t.pool);
    await ingest.write(p, [ev.impression(visitor(), `${D1}T09:00:00Z`)]);
    await slowDay(t.pool, p.id, D1, 2);
    worker = await startWorker(t.config, silentLog);
    const now = Date.now();

    await enqueueRollups(t.pool, queue, now);
    // Inside its transaction (sleeping in the trigger): its snapshot and the mark it read are taken.
    await waitFor('the rollup to run', async () =>
      (await count(t.pool, `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`)) === 1);
    expect(await jobs()).to.include({ active: 1 });
    // Re-marked while it runs; the next two ticks offer it, and BullMQ keeps the running job only.
    await ingest.write(p, [ev.impression(visitor(), `${D1}T10:00:00Z`), ev.impression(visitor(), `${D2}T10:00:00Z`)]);
    await enqueueRollups(t.pool, queue, now + MINUTE);
    await enqueueRollups(t.pool, queue, now + 2 * MINUTE);
    expect(await jobs()).to.include({ wait: 1, active: 1 });
    expect((await queue.getJobs(['wait'])).map((j): unknown => j.data)).to.deep.equal([{ v: 1, projectId: p.id, day: D2 }]);

    await waitFor('both rollups', async () => (await jobs()).completed === 2);
    // The day's newer mark survived its first rollup and is picked up by the first tick after it.
    expect(await dirtyDays(t.pool, p.id)).to.deep.equal([D1]);
    expect((await enqueueRollups(t.pool, queue, now + 3 * MINUTE)).days).to.equal(1);
    await waitFor('the re-marked day', async () => (await jobs()).completed === 3);
    expect((await projectDay(t.pool, p.id, D1))?.impressions).to.equal(2);
  });

  it('when a job keeps finding the lock busy then it comes back after 1, 2, 4 … seconds, at most 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(lockRetryDelayMs)).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});
