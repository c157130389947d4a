import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Queue } from 'bullmq';
import { enqueueRollups } from '../../../clock/tasks/enqueueRollups.js';
import { startClock } from '../../../clock/server.js';
import { createPool } from '../../../shared/db/pool.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { ROLLUP_QUEUE } from '../../../shared/queue/rollupJob.js';
import { startWorker } from '../../../worker/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count, waitFor } from '../worker/helpers.js';
import { createProject, dirtyDays, ev, Ingest, projectDay, visitor } from './helpers.js';

describe('rollup: clock and queue', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let queue: Queue;
  let connection: ReturnType<typeof createRedis>;
  beforeEach(async () => {
    t = await createTestEnv();
    connection = createRedis(t.config, 'plain');
    queue = new Queue(ROLLUP_QUEUE, { connection, prefix: t.config.redis.prefix });
    await queue.waitUntilReady();
  });
  afterEach(async () => {
    await queue.close();
    connection.disconnect();
    await t.cleanup();
  });

  it('when two clocks enqueue the same tick then each dirty day is one job, the worker rolls it up and a repeated id is refused', async () => {
    const p = await createProject(t.pool, { timezone: 'Asia/Tokyo' });
    const ingest = new Ingest(t.pool);
    await ingest.write(p, [ev.play(visitor(), '2026-03-10T01:00:00Z', randomUUID()), ev.impression(visitor(), '2026-03-11T01:00:00Z')]);
    const now = Date.parse('2026-11-23T10:00:30Z');
    const pool = createPool(t.config, 2);
    try {
      expect(await enqueueRollups(pool, queue, now)).to.deep.equal({ tick: Math.floor(now / 60_000), days: 2 });
      expect((await enqueueRollups(pool, queue, now + 20_000)).days).to.equal(2);
      expect(await queue.getJobCounts('wait')).to.deep.equal({ wait: 2 });
      const ids = (await queue.getJobs(['wait'])).map((j) => j.id).sort();
      expect(ids).to.deep.equal([`${p.id}:2026-03-10:${Math.floor(now / 60_000)}`, `${p.id}:2026-03-11:${Math.floor(now / 60_000)}`]);

      const worker = await startWorker(t.config, silentLog);
      try {
        await waitFor('the rollups', async () => (await queue.getJobCounts('completed')).completed === 2);
        expect(await dirtyDays(t.pool, p.id)).to.deep.equal([]);
        expect((await projectDay(t.pool, p.id, '2026-03-10'))?.plays).to.equal(1);
        expect((await projectDay(t.pool, p.id, '2026-03-11'))?.impressions).to.equal(1);

        // Dirty again: the same tick's id is still known (completed jobs are kept an hour), the next tick's is not.
        await ingest.write(p, [ev.impression(visitor(), '2026-03-11T02:00:00Z')]);
        await enqueueRollups(pool, queue, now);
        expect(await queue.getJobCounts('wait', 'active', 'completed')).to.deep.equal({ wait: 0, active: 0, completed: 2 });
        await enqueueRollups(pool, queue, now + 60_000);
        await waitFor('the next tick', async () => (await queue.getJobCounts('completed')).completed === 3);
        expect((await projectDay(t.pool, p.id, '2026-03-11'))?.impressions).to.equal(2);
        const [done] = await queue.getJobs(['completed'], 0, 0);
        expect(done?.returnvalue).to.have.property('seq').that.is.a('number');
      } finally {
        await worker.close();
      }
    } finally {
      await pool.end();
    }
  });

  it('when a rollup job carries bad data then it fails and the worker keeps running', async () => {
    const worker = await startWorker(t.config, silentLog);
    try {
      await queue.add('rollup', { v: 1, projectId: 'x', day: '2026-13-01' }, { jobId: 'bad' });
      await waitFor('the failure', async () => (await queue.getJobCounts('failed')).failed === 1);
      const [failed] = await queue.getJobs(['failed']);
      expect(failed?.failedReason).to.match(/invalid rollup job/);
    } finally {
      await worker.close();
    }
  });

  it('when the clock starts and stops then it closes its queue and pool cleanly', async () => {
    const others = () => count(t.pool, `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    const before = await others();
    const clock = await startClock(t.config, silentLog);
    expect(await others()).to.be.greaterThan(before);
    await clock.close();
    await waitFor('the clock to close its connections', async () => (await others()) === before);
  });
});
