import { expect } from 'chai';
import { Worker } from 'bullmq';
import { createPool } from '../../../shared/db/pool.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE } from '../../../shared/queue/contract.js';
import { DeadLetterSink } from '../../../worker/deadLetterSink.js';
import { listDeadLetters, recordDeadLetters, replayDeadLetters } from '../../../worker/deadLetters.js';
import { copyFailedJob } from '../../../worker/failedJobs.js';
import { startWorker } from '../../../worker/server.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { count, drained, event, insertProject, job, producer, waitFor, type Producer } from './helpers.js';

const RECEIVED_AT = Date.parse('2026-03-01T12:00:00Z');

describe('worker: dead letters', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let q: Producer;
  beforeEach(async () => {
    t = await createTestEnv();
    q = await producer(t);
  });
  afterEach(async () => {
    await q.close();
    await t.cleanup();
  });

  it('when dead letters exist then they are listed newest first, by project if asked', async () => {
    const a = await insertProject(t.pool, 'UTC');
    const b = await insertProject(t.pool, 'UTC');
    await recordDeadLetters(t.pool, [
      { projectId: a, jobId: '1', payload: job(a, []) as unknown as Record<string, unknown>, reason: 'r1' },
      { projectId: b, jobId: '2', payload: { x: 1 }, reason: 'r2' },
      { projectId: a, jobId: null, payload: { y: 2 }, reason: 'r3' },
    ]);
    const all = await listDeadLetters(t.pool, { limit: 10 });
    expect(all.map((l) => l.reason)).to.deep.equal(['r3', 'r2', 'r1']);
    expect(all[0]).to.include({ projectId: a, jobId: null, replayedAt: null });
    expect(all[0]?.createdAt).to.be.instanceOf(Date);
    expect((await listDeadLetters(t.pool, { projectId: a, limit: 1 })).map((l) => l.reason)).to.deep.equal(['r3']);
  });

  it('when dead letters are replayed then their events are stored, replayed_at is set and "all" skips them next time', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const e1 = event('impression', RECEIVED_AT - 1000);
    const e2 = event('video_play', RECEIVED_AT - 2000);
    await recordDeadLetters(t.pool, [
      { projectId, jobId: 'a', payload: job(projectId, [e1], { receivedAt: RECEIVED_AT }) as unknown as Record<string, unknown>, reason: 'x' },
      { projectId, jobId: 'b', payload: job(projectId, [e2], { receivedAt: RECEIVED_AT }) as unknown as Record<string, unknown>, reason: 'y' },
    ]);
    const pool = createPool(t.config, 2);
    const worker = await startWorker(t.config, silentLog);
    try {
      const result = await replayDeadLetters(pool, q.queue, 'all');
      expect(result.replayed).to.equal(2);
      await drained(q.queue);
      await waitFor('replayed events', async () => (await count(t.pool, `select count(*) as n from events`)) === 2);
      expect(await count(t.pool, `select count(*) as n from dead_letters where replayed_at is null`)).to.equal(0);
      expect(await replayDeadLetters(pool, q.queue, 'all')).to.deep.equal({ replayed: 0, ids: [] });
      // Named ids replay again; dedup stores nothing twice.
      expect((await replayDeadLetters(pool, q.queue, [result.ids[0]!])).replayed).to.equal(1);
      await drained(q.queue);
      expect(await count(t.pool, `select count(*) as n from events`)).to.equal(2);
    } finally {
      await worker.close();
      await pool.end();
    }
  });

  it('when a row and its dead letter hold a NUL then the letter is kept as base64 and the job completes', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const nul = event('custom', RECEIVED_AT - 1000, { name: 'n', props: { note: 'a\u0000b' } });
    const worker = await startWorker(t.config, silentLog);
    try {
      await q.add([job(projectId, [event('impression', RECEIVED_AT - 1000), nul], { receivedAt: RECEIVED_AT })]);
      await drained(q.queue);
      expect(await count(t.pool, `select count(*) as n from events`)).to.equal(1);
      const [letter] = await listDeadLetters(t.pool, { limit: 5 });
      expect(letter?.reason).to.match(/payload stored as base64/);
      const decoded = JSON.parse(Buffer.from(String(letter?.payload.data), 'base64').toString()) as { events: { id: string }[] };
      expect(decoded.events[0]?.id).to.equal(nul.id);
      expect(await q.queue.getJobCounts('failed')).to.deep.equal({ failed: 0 });
    } finally {
      await worker.close();
    }
  });

  it('when a job fails for good then the failed handler copies it to dead letters', async () => {
    const projectId = await insertProject(t.pool, 'UTC');
    const data = job(projectId, [event('impression', RECEIVED_AT - 1000)], { receivedAt: RECEIVED_AT });
    const connection = createRedis(t.config, 'worker');
    const pool = createPool(t.config, 2);
    const sink = new DeadLetterSink(pool, silentLog, 100);
    const copied: Promise<void>[] = [];
    const failing = new Worker(INGEST_QUEUE, () => Promise.reject(new Error('processor bug')), { connection, prefix: t.config.redis.prefix });
    failing.on('failed', (j, err) => copied.push(copyFailedJob(j, err, sink, silentLog)));
    try {
      await q.add([data]);
      await waitFor('the failed job', () => Promise.resolve(copied.length === 1));
      await Promise.all(copied);
    } finally {
      await failing.close();
      connection.disconnect();
      await pool.end();
    }
    const [letter] = await listDeadLetters(t.pool, { limit: 5 });
    expect(letter).to.include({ projectId, reason: 'job failed: processor bug' });
    expect(letter?.payload).to.deep.equal(JSON.parse(JSON.stringify(data)));
  });
});
