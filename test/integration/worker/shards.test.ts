import { expect } from 'chai';
import { Queue } from 'bullmq';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_JOB_NAME } from '../../../shared/queue/contract.js';
import { IngestQueues } from '../../../shared/queue/ingestQueues.js';
import { ingestShardNames, shardLayout, shardOf } from '../../../shared/queue/shards.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog, createTestEnv, type TestEnv } from '../../helpers/services.js';
import { count, event, insertProject, job, producer, waitFor } from './helpers.js';

const AT = Date.parse('2026-03-01T12:00:00Z');

/** Projects until every shard has one: shards are chosen by hash, so keep drawing. */
async function projectsOnEveryShard(t: TestEnv, shards: number): Promise<string[]> {
  const byShard = new Map<number, string>();
  while (byShard.size < shards) {
    const id = await insertProject(t.pool, 'UTC');
    if (!byShard.has(shardOf(id, shards))) byShard.set(shardOf(id, shards), id);
  }
  return [...byShard.values()];
}

describe('worker: ingest shards (QUEUE_SHARDS)', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let worker: RunningWorker | undefined;

  beforeEach(async () => {
    t = await createTestEnv({ QUEUE_SHARDS: '3' });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await t.cleanup();
  });

  it('when projects of every shard send events then each shard queue holds its projects\' jobs and one worker stores every event once', async () => {
    const projects = await projectsOnEveryShard(t, 3);
    const redis = createRedis(t.config, 'producer');
    const queues = new IngestQueues(redis, t.config.redis.prefix, shardLayout(t.config));
    try {
      const events = projects.map(() => [event('page_view', AT - 1000), event('impression', AT - 2000)]);
      // Twice the same jobs: a client retry; the worker stores each event id once.
      for (let round = 0; round < 2; round += 1) {
        await queues.addBulk(projects.map((p, i) => ({ name: INGEST_JOB_NAME, data: job(p, events[i]!) })));
      }
      const waiting = await Promise.all(queues.queues.map((q) => q.getWaitingCount()));
      expect(waiting).to.deep.equal([2, 2, 2]);
      expect(queues.queues.map((q) => q.name)).to.deep.equal(ingestShardNames(3, false));
      expect(await queues.getWaitingCount()).to.equal(6);

      worker = await startWorker(t.config, silentLog);
      expect(worker.ingestWorkers.map((w) => [w.name, w.concurrency])).to.deep.equal(ingestShardNames(3, false).map((n) => [n, Math.ceil(t.config.worker.concurrency / 3)]));
      await waitFor('every event stored', async () => (await count(t.pool, 'select count(*) as n from events')) === 6);
      await waitFor('every shard empty', async () => (await queues.getWaitingCount()) === 0 && (await Promise.all(queues.queues.map((q) => q.getActiveCount()))).every((n) => n === 0));
      expect(await count(t.pool, 'select count(distinct project_id) as n from events')).to.equal(3);
      expect(await count(t.pool, 'select count(*) as n from events')).to.equal(6);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  it('when jobs still wait in the single `ingest` queue of before and the worker starts with 3 shards then it drains them too', async () => {
    const project = await insertProject(t.pool, 'UTC');
    // A producer of the previous release: the historic queue name, whatever QUEUE_SHARDS says now.
    const old = await producer(t);
    try {
      expect(old.queue.name).to.equal('ingest');
      await old.add([job(project, [event('page_view', AT - 1000)]), job(project, [event('page_view', AT - 500)])]);
      worker = await startWorker(t.config, silentLog);
      expect(worker.ingestWorkers.map((w) => w.name)).to.deep.equal([...ingestShardNames(3, false), 'ingest']);
      await waitFor('the old queue drained', async () => (await count(t.pool, 'select count(*) as n from events where project_id = $1', [project])) === 2);
      const left = await old.queue.getJobCounts('waiting', 'active', 'delayed');
      expect(left).to.deep.equal({ waiting: 0, active: 0, delayed: 0 });
    } finally {
      await old.close();
    }
  });

  it('when no former queue holds jobs then the worker consumes the shards only', async () => {
    worker = await startWorker(t.config, silentLog);
    expect(worker.ingestWorkers.map((w) => w.name)).to.deep.equal(ingestShardNames(3, false));
    // The historic queue stays untouched: no worker created its keys.
    const redis = createRedis(t.config, 'plain');
    const legacy = new Queue('ingest', { connection: redis, prefix: t.config.redis.prefix });
    try {
      expect(await legacy.getJobCounts('waiting')).to.deep.equal({ waiting: 0 });
    } finally {
      await legacy.close();
      redis.disconnect();
    }
  });
});
