import { expect } from 'chai';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { maintainLifecycleJobs } from '../../../clock/tasks/lifecycleJobs.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { MAINTENANCE_QUEUE } from '../../../shared/queue/maintenanceJob.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';

describe('erasure: the clock keeps lifecycle jobs', () => {
  let t: TestEnv;
  before(async () => {
    t = await createTestEnv();
  });
  after(async () => {
    await t.cleanup();
  });

  const job = async (kind: string, state: string, createdAgo: string, finishedAgo: string | null) => {
    const id = randomUUID();
    await t.pool.query(
      `insert into lifecycle_jobs (id, project_id, kind, state, created_at, finished_at)
       values ($1, $2, $3, $4, now() - $5::interval, now() - $6::interval)`,
      [id, randomUUID(), kind, state, createdAgo, finishedAgo],
    );
    return id;
  };

  it('when jobs finished over 30 days ago, a deletion stranded in queued and one with late events exist then the first go and both deletions are enqueued once', async () => {
    const old = await job('erase_visitor', 'done', '40 days', '31 days');
    const recent = await job('erase_visitor', 'failed', '2 days', '1 day');
    const stranded = await job('delete_project', 'queued', '10 minutes', null);
    const fresh = await job('delete_project', 'queued', '5 seconds', null);
    // Done an hour ago, but an ingest job that was still queued wrote an event afterwards.
    const late = await job('delete_project', 'done', '2 hours', '1 hour');
    const lateProject = (await t.pool.query<{ project_id: string }>('select project_id from lifecycle_jobs where id = $1', [late])).rows[0]!.project_id;
    await t.pool.query('insert into event_ids (project_id, event_id) values ($1, $2)', [lateProject, randomUUID()]);
    await job('delete_project', 'done', '2 hours', '1 hour');
    const redis = createRedis(t.config, 'plain');
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: redis, prefix: t.config.redis.prefix });
    try {
      expect(await maintainLifecycleJobs(t.pool, queue)).to.deep.equal({ pruned: 1, requeued: 2 });
      // Both are queued now, and still in Redis: adding them again adds nothing.
      expect(await maintainLifecycleJobs(t.pool, queue)).to.deep.equal({ pruned: 0, requeued: 2 });
      const waiting = await queue.getJobs(['waiting']);
      expect(waiting.map((j) => j.id).sort()).to.deep.equal([stranded, late].sort());
      const left = await t.pool.query<{ id: string }>(`select id from lifecycle_jobs where id = any($1::uuid[]) order by created_at`, [[old, recent, stranded, fresh]]);
      expect(left.rows.map((r) => r.id)).to.deep.equal([recent, stranded, fresh]);
      expect(left.rows.map((r) => r.id)).to.not.include(old);
    } finally {
      await queue.close();
      await redis.quit();
    }
  });
});
