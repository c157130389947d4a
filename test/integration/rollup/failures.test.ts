import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Queue } from 'bullmq';
import { enqueueRollups } from '../../../clock/tasks/enqueueRollups.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { ROLLUP_QUEUE } from '../../../shared/queue/rollupJob.js';
import { listRollupFailures, recordRollupFailure } from '../../../shared/rollup/failures.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { waitFor } from '../worker/helpers.js';
import { breakDay, endBackoffs, installDayBreaker, repairDays } from './brokenDays.js';
import { createProject, dirtyDays, ev, Ingest, projectDay, visitor } from './helpers.js';

const D1 = '2026-03-10';
const D2 = '2026-03-11';
const MINUTE = 60_000;

/** Seconds from the last failure to the next attempt, per failing day. */
async function backoffSeconds(t: TestEnv): Promise<number[]> {
  const { rows } = await t.pool.query<{ s: number }>(
    `select extract(epoch from next_attempt_at - last_seen)::float8 as s from rollup_failures order by project_id, day`,
  );
  return rows.map((r) => r.s);
}

describe('rollup: failures per project-day', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let queue: Queue;
  let connection: ReturnType<typeof createRedis>;
  let worker: RunningWorker | undefined;
  beforeEach(async () => {
    t = await createTestEnv();
    await installDayBreaker(t.pool);
    connection = createRedis(t.config, 'plain');
    queue = new Queue(ROLLUP_QUEUE, { connection, prefix: t.config.redis.prefix });
    await queue.waitUntilReady();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await queue.close();
    connection.disconnect();
    await t.cleanup();
  });

  const counts = () => queue.getJobCounts('completed', 'failed');

  it('when a day fails on its data then it is recorded and backed off, other days and projects roll up, and once repaired it succeeds and its failure is gone', async () => {
    const a = await createProject(t.pool);
    const b = await createProject(t.pool);
    const ingest = new Ingest(t.pool);
    await ingest.write(a, [ev.impression(visitor(), `${D1}T09:00:00Z`), ev.impression(visitor(), `${D2}T09:00:00Z`)]);
    await ingest.write(b, [ev.impression(visitor(), `${D1}T09:00:00Z`)]);
    await breakDay(t.pool, a.id, D1, '22003');
    worker = await startWorker(t.config, silentLog);
    const now = Date.now();

    expect((await enqueueRollups(t.pool, queue, now)).days).to.equal(3);
    await waitFor('two rollups and one failure', async () => {
      const c = await counts();
      return c.completed === 2 && c.failed === 1;
    });
    const [failure, ...others] = await listRollupFailures(t.pool);
    expect(others).to.deep.equal([]);
    expect(failure).to.include({ projectId: a.id, day: D1, attempts: 1 });
    expect(failure?.error).to.equal('day broken on purpose [22003]');
    expect(failure?.firstSeen).to.equal(failure?.lastSeen);
    expect(await backoffSeconds(t)).to.deep.equal([60]);
    // The other day of the same project and the other project's day of the same tick rolled up.
    expect((await projectDay(t.pool, a.id, D2))?.impressions).to.equal(1);
    expect((await projectDay(t.pool, b.id, D1))?.impressions).to.equal(1);
    expect(await dirtyDays(t.pool, a.id)).to.deep.equal([D1]);

    // Next minute: the failing day is still dirty but backed off, so nothing is enqueued.
    expect((await enqueueRollups(t.pool, queue, now + MINUTE)).days).to.equal(0);
    expect(await queue.getJobCounts('wait', 'delayed', 'active')).to.deep.equal({ wait: 0, delayed: 0, active: 0 });

    // Its backoff over and still broken: tried once more, and the next wait doubles.
    await endBackoffs(t.pool);
    expect((await enqueueRollups(t.pool, queue, now + 2 * MINUTE)).days).to.equal(1);
    await waitFor('the second failure', async () => (await counts()).failed === 2);
    const [second] = await listRollupFailures(t.pool);
    expect(second).to.include({ attempts: 2, firstSeen: failure?.firstSeen });
    expect(await backoffSeconds(t)).to.deep.equal([120]);

    // Repaired and its backoff over: it rolls up, and its failure row is deleted.
    await repairDays(t.pool);
    await endBackoffs(t.pool);
    expect((await enqueueRollups(t.pool, queue, now + 3 * MINUTE)).days).to.equal(1);
    await waitFor('the repaired rollup', async () => (await counts()).completed === 3);
    expect(await listRollupFailures(t.pool)).to.deep.equal([]);
    expect(await dirtyDays(t.pool, a.id)).to.deep.equal([]);
    expect((await projectDay(t.pool, a.id, D1))?.impressions).to.equal(1);
  });

  it('when a rollup fails on a transient error then no failure is recorded and the next tick enqueues the day again', async () => {
    const a = await createProject(t.pool);
    await new Ingest(t.pool).write(a, [ev.impression(visitor(), `${D1}T09:00:00Z`)]);
    await breakDay(t.pool, a.id, D1, '40001');
    worker = await startWorker(t.config, silentLog);
    const now = Date.now();
    await enqueueRollups(t.pool, queue, now);
    await waitFor('the failure', async () => (await counts()).failed === 1);
    expect(await listRollupFailures(t.pool)).to.deep.equal([]);
    expect((await enqueueRollups(t.pool, queue, now + MINUTE)).days).to.equal(1);
  });

  it('when a day keeps failing then its backoff doubles from the base up to the cap', async () => {
    const day = { projectId: randomUUID(), day: D1, error: 'numeric field overflow [22003]' };
    const attempts: number[] = [];
    for (let i = 0; i < 6; i++) attempts.push((await recordRollupFailure(t.pool, day, { baseMs: 1000, maxMs: 10_000 })).attempts);
    expect(attempts).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(await backoffSeconds(t)).to.deep.equal([10]);

    const seen: number[] = [];
    const other = { ...day, projectId: randomUUID() };
    for (let i = 0; i < 5; i++) {
      await recordRollupFailure(t.pool, other, { baseMs: 1000, maxMs: 10_000 });
      const { rows } = await t.pool.query<{ s: number }>(
        `select extract(epoch from next_attempt_at - last_seen)::float8 as s from rollup_failures where project_id = $1`,
        [other.projectId],
      );
      seen.push(rows[0]?.s ?? -1);
    }
    expect(seen).to.deep.equal([1, 2, 4, 8, 10]);
  });

  it('when a failure is listed by project then only that project\'s days are shown, longest failing first', async () => {
    const [p, q] = [randomUUID(), randomUUID()];
    const backoff = { baseMs: 60_000, maxMs: 3_600_000 };
    await recordRollupFailure(t.pool, { projectId: p, day: D2, error: 'first' }, backoff);
    await recordRollupFailure(t.pool, { projectId: q, day: D1, error: 'other project' }, backoff);
    await recordRollupFailure(t.pool, { projectId: p, day: D1, error: 'x'.repeat(5000) }, backoff);
    const listed = await listRollupFailures(t.pool, { projectId: p });
    expect(listed.map((f) => f.day)).to.deep.equal([D2, D1]);
    expect(listed[1]?.error).to.have.length(2000);
    expect(await listRollupFailures(t.pool)).to.have.length(3);
  });
});
