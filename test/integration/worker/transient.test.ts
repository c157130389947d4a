import { expect } from 'chai';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count, drained, event, insertProject, job, producer, waitFor, type Producer } from './helpers.js';

const RECEIVED_AT = Date.parse('2026-03-01T12:00:00Z');

describe('worker: transient database errors', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let q: Producer;
  let worker: RunningWorker;
  beforeEach(async () => {
    t = await createTestEnv({ RETRY_BACKOFF_MAX_MS: '200' });
    q = await producer(t);
    worker = await startWorker(t.config, silentLog);
  });
  afterEach(async () => {
    await worker.close();
    await q.close();
    await t.cleanup();
  });

  /** Backends of the worker blocked on our lock. */
  async function blockedWriters(): Promise<number[]> {
    const { rows } = await t.pool.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    );
    return rows.map((r) => r.pid);
  }

  it('when the writer connection is killed mid-transaction then the batch is retried until it commits, without dead letters or failed jobs', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const blocker = await t.pool.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table event_ids in access exclusive mode');
      await q.add(Array.from({ length: 10 }, (_, i) => job(projectId, [event('impression', RECEIVED_AT - i * 1000)], { receivedAt: RECEIVED_AT })));

      const [first] = await waitFor('a blocked writer', async () => {
        const pids = await blockedWriters();
        return pids.length > 0 && pids;
      });
      // 57P01 admin_shutdown: what a PostgreSQL restart looks like from the worker.
      await t.pool.query('select pg_terminate_backend($1)', [first]);
      await waitFor('the retried writer', async () => {
        const pids = await blockedWriters();
        return pids.some((p) => p !== first);
      });
      expect(await count(t.pool, `select count(*) as n from events`)).to.equal(0);
      const active = await q.queue.getJobCounts('active', 'failed');
      expect(active.failed).to.equal(0);
      expect(active.active).to.be.greaterThan(0);
    } finally {
      await blocker.query('rollback');
      blocker.release();
    }
    await drained(q.queue);
    expect(await count(t.pool, `select count(*) as n from events`)).to.equal(10);
    expect(await count(t.pool, `select count(*) as n from dead_letters`)).to.equal(0);
    expect(await q.queue.getJobCounts('failed')).to.deep.equal({ failed: 0 });
  });
});
