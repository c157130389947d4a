import { expect } from 'chai';
import { Enqueuer, INGEST_JOB_OPTIONS, QueueUnavailableError, type BulkAdder } from '../../../api/ingest/Enqueuer.js';
import { MAX_BUNDLE_REQUESTS, type IngestJobData, type IngestQueueData } from '../../../shared/queue/contract.js';

function job(n: number): IngestJobData {
  return {
    v: 1,
    projectId: `p${n}`,
    timezone: 'UTC',
    receivedAt: n,
    sentAt: null,
    context: { userAgent: null, country: null, ipPrefix: null },
    queryAllowlist: [],
    events: [],
  };
}

/** Records every addBulk call; `behave` decides how each call settles. */
class RecordingQueue implements BulkAdder {
  calls: { name: string; data: IngestQueueData; opts?: unknown }[][] = [];
  constructor(private readonly behave: () => Promise<void> = () => Promise.resolve()) {}
  async addBulk(jobs: { name: string; data: IngestQueueData; opts?: unknown }[]): Promise<unknown[]> {
    this.calls.push(jobs);
    await this.behave();
    return jobs;
  }
}

describe('Enqueuer', () => {
  it('when jobs arrive in the same tick then they go to Redis in one addBulk', async () => {
    const queue = new RecordingQueue();
    const enqueuer = new Enqueuer(queue);
    await Promise.all([1, 2, 3].map((n) => enqueuer.enqueue(job(n))));
    expect(queue.calls).to.have.length(1);
    expect(queue.calls[0]!.map((j) => j.data.projectId)).to.deep.equal(['p1', 'p2', 'p3']);
    expect(queue.calls[0]![0]!.opts).to.deep.equal(INGEST_JOB_OPTIONS);
    expect(INGEST_JOB_OPTIONS).to.include({ removeOnComplete: true, removeOnFail: false });
  });

  it('when requests of one project arrive in the same tick then they become one bundle job, in order', async () => {
    const queue = new RecordingQueue();
    const enqueuer = new Enqueuer(queue);
    const sameProject = [1, 2, 3].map((n) => ({ ...job(n), projectId: 'shop' }));
    await Promise.all([...sameProject, job(9)].map((j) => enqueuer.enqueue(j)));
    expect(queue.calls).to.have.length(1);
    const [bundled, alone] = queue.calls[0]!.map((j) => j.data);
    expect(bundled).to.deep.equal({ v: 2, projectId: 'shop', requests: sameProject });
    expect(alone).to.deep.equal(job(9));
  });

  it('when more requests of one project than a bundle holds arrive then they fill several bundles', async () => {
    const queue = new RecordingQueue();
    const enqueuer = new Enqueuer(queue);
    const many = Array.from({ length: MAX_BUNDLE_REQUESTS + 3 }, (_, n) => ({ ...job(n), projectId: 'shop' }));
    await Promise.all(many.map((j) => enqueuer.enqueue(j)));
    const sizes = queue.calls[0]!.map((j) => (j.data.v === 2 ? j.data.requests.length : 1));
    expect(sizes).to.deep.equal([MAX_BUNDLE_REQUESTS, 3]);
  });

  it('when settled is asked then it waits for the jobs handed in before it, not for those handed in after', async () => {
    const gates: (() => void)[] = [];
    const queue = new RecordingQueue(() => new Promise<void>((resolve) => gates.push(resolve)));
    const enqueuer = new Enqueuer(queue, { timeoutMs: 60_000 });
    const first = enqueuer.enqueue(job(1));
    let settled = false;
    const done = enqueuer.settled().then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    const later = enqueuer.enqueue(job(2));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(queue.calls).to.have.length(2);
    expect(settled).to.equal(false);
    gates[0]!();
    await Promise.all([first, done]);
    expect(settled).to.equal(true);
    gates[1]!();
    await later;
  });

  it('when jobs arrive in different ticks then each tick has its own addBulk', async () => {
    const queue = new RecordingQueue();
    const enqueuer = new Enqueuer(queue);
    await enqueuer.enqueue(job(1));
    await enqueuer.enqueue(job(2));
    expect(queue.calls).to.have.length(2);
  });

  it('when more jobs than maxBatch arrive then they are split', async () => {
    const queue = new RecordingQueue();
    const enqueuer = new Enqueuer(queue, { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => enqueuer.enqueue(job(n))));
    expect(queue.calls.map((c) => c.length)).to.deep.equal([2, 2, 1]);
  });

  it('when Redis refuses then every caller of that batch gets QueueUnavailableError', async () => {
    const enqueuer = new Enqueuer(new RecordingQueue(() => Promise.reject(new Error("Stream isn't writeable"))));
    const results = await Promise.allSettled([enqueuer.enqueue(job(1)), enqueuer.enqueue(job(2))]);
    for (const r of results) {
      expect(r.status).to.equal('rejected');
      expect((r as PromiseRejectedResult).reason).to.be.instanceOf(QueueUnavailableError);
    }
  });

  it('when Redis does not answer then the caller is released after the timeout', async () => {
    const enqueuer = new Enqueuer(new RecordingQueue(() => new Promise<void>(() => undefined)), { timeoutMs: 50 });
    const started = Date.now();
    let error: unknown;
    await enqueuer.enqueue(job(1)).catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(QueueUnavailableError);
    expect(Date.now() - started).to.be.below(500);
  });

  it('when drain() is called then it resolves after pending jobs are confirmed', async () => {
    let release: () => void = () => undefined;
    const enqueuer = new Enqueuer(new RecordingQueue(() => new Promise<void>((r) => (release = r))));
    let confirmed = false;
    void enqueuer.enqueue(job(1)).then(() => (confirmed = true));
    expect(enqueuer.pendingCount).to.equal(1);
    setTimeout(() => release(), 20);
    await enqueuer.drain();
    expect(confirmed).to.equal(true);
    expect(enqueuer.pendingCount).to.equal(0);
  });
});
