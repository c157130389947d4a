import { Queue } from 'bullmq';
import { expect } from 'chai';
import { INGEST_QUEUE } from '../../../shared/queue/contract.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { startHarness, type Harness } from '../api/harness.js';
import { count, drained, waitFor } from '../worker/helpers.js';
import { segmentPost, track } from './client.js';

describe('segment: messages stored through the worker, once', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  let queue: Queue;
  before(async () => {
    h = await startHarness();
    worker = await startWorker(h.t.config, silentLog);
    queue = new Queue(INGEST_QUEUE, { connection: h.redis, prefix: h.t.config.redis.prefix });
  });
  after(async () => {
    await queue.close();
    await worker.close();
    await h.close();
  });

  const stored = (names: string) => count(h.t.pool, `select count(*) as n from events where name = $1`, [names]);

  it('when a 40 KB message sits in a batch of 15 then the other 14 are stored and it is not', async () => {
    const batch = Array.from({ length: 15 }, () => track({ event: 'fourteen' }));
    batch[3] = track({ event: 'fourteen', properties: { blob: 'z'.repeat(40 * 1024) } });
    const answer = await segmentPost(h, '/batch', { batch }, { key: h.project.writeKey });
    expect(answer.status).to.equal(200);
    expect(answer.json.accepted).to.equal(14);
    await waitFor('the 14 events', async () => (await stored('fourteen')) === 14);
    // Nothing more arrives later.
    await drained(queue);
    expect(await stored('fourteen')).to.equal(14);
  });

  it('when the same batch is posted twice (a retry after a timeout) then each message is stored once', async () => {
    const batch = Array.from({ length: 5 }, () => track({ event: 'retried' }));
    expect((await segmentPost(h, '/batch', { batch }, { key: h.project.writeKey })).status).to.equal(200);
    expect((await segmentPost(h, '/batch', { batch, sentAt: new Date().toISOString() }, { key: h.project.writeKey })).status).to.equal(200);
    await waitFor('the 5 events', async () => (await stored('retried')) === 5);
    await drained(queue);
    expect(await stored('retried')).to.equal(5);
  });

  it('when two batches with overlapping messageIds arrive concurrently then the union is stored once', async () => {
    const messages = Array.from({ length: 9 }, () => track({ event: 'overlap' }));
    const first = messages.slice(0, 6);
    const second = messages.slice(3);
    const answers = await Promise.all([
      segmentPost(h, '/batch', { batch: first }, { key: h.project.writeKey }),
      segmentPost(h, '/b', { batch: second, writeKey: h.project.writeKey }),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    await waitFor('the 9 events', async () => (await stored('overlap')) === 9);
    await drained(queue);
    expect(await stored('overlap')).to.equal(9);
    expect(await count(h.t.pool, `select count(distinct event_id) as n from events where name = 'overlap'`)).to.equal(9);
  });
});
