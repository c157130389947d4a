import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { count, drained, event, insertProject, job, producer, waitFor, type Producer } from './helpers.js';
import { entryArgs } from '../../helpers/processes.js';

const TOTAL_EVENTS = 5000;
const RECEIVED_AT = Date.parse('2026-03-01T12:00:00Z');

/** Small seeded PRNG so a failure can be reproduced with the same job sizes. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  process: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function spawnWorker(t: TestEnv): Child {
  const child = spawn(process.execPath, entryArgs('worker/main.ts'), {
    cwd: process.cwd(),
    env: { ...process.env, ...t.env, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output, exited };
}

describe('worker: SIGKILL mid-way', function () {
  this.timeout(60_000);
  let t: TestEnv;
  let q: Producer;
  const children: Child[] = [];

  beforeEach(async () => {
    t = await createTestEnv();
    q = await producer(t);
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.process.exitCode === null && c.process.signalCode === null) {
        c.process.kill('SIGKILL');
        await c.exited;
      }
    }
    await q.close();
    await t.cleanup();
  });

  it('when the worker is killed while jobs are in flight and started again then every event is stored exactly once', async () => {
    const projectId = await insertProject(t.pool, 'Asia/Tokyo');
    const random = mulberry32(20261123);
    const jobs: ReturnType<typeof job>[] = [];
    for (let made = 0; made < TOTAL_EVENTS; ) {
      const size = Math.min(1 + Math.floor(random() * 20), TOTAL_EVENTS - made);
      const events = Array.from({ length: size }, (_, i) => event('video_play', RECEIVED_AT - (made + i) * 1000, { visitorId: randomUUID() }));
      jobs.push(job(projectId, events, { timezone: 'Asia/Tokyo', receivedAt: RECEIVED_AT }));
      made += size;
    }
    const stored = () => count(t.pool, `select count(*) as n from events`);

    const first = Math.floor(jobs.length * 0.3);
    await q.add(jobs.slice(0, first));
    const a = spawnWorker(t);
    children.push(a);
    await waitFor('the first worker to store events', async () => (await stored()) > 0, 20_000);

    // Keep producing while the worker runs, so the kill lands in the middle of the stream.
    const rest = jobs.slice(first);
    const producing = (async () => {
      for (let i = 0; i < rest.length; i += 10) {
        await q.add(rest.slice(i, i + 10));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await waitFor('half of the events', async () => (await stored()) >= TOTAL_EVENTS / 2, 20_000);
    a.process.kill('SIGKILL');
    await a.exited;
    const storedAtKill = await stored();
    await producing;

    const b = spawnWorker(t);
    children.push(b);
    await waitFor('all events', async () => (await stored()) >= TOTAL_EVENTS, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; worker output:\n${[...a.output, ...b.output].join('')}`);
    });
    await drained(q.queue, 20_000);
    console.log(`      ${jobs.length} jobs; ${storedAtKill} of ${TOTAL_EVENTS} events stored when SIGKILL hit`);

    expect(storedAtKill).to.be.lessThan(TOTAL_EVENTS);
    const { rows } = await t.pool.query<{ total: string; distinct_ids: string }>(
      `select count(*) as total, count(distinct event_id) as distinct_ids from events`,
    );
    expect(rows[0]).to.deep.equal({ total: String(TOTAL_EVENTS), distinct_ids: String(TOTAL_EVENTS) });
    expect(await count(t.pool, `select count(*) as n from event_ids`)).to.equal(TOTAL_EVENTS);
    expect(await count(t.pool, `select count(*) as n from dead_letters`)).to.equal(0);
    expect(await q.queue.getJobCounts('failed', 'completed')).to.deep.equal({ failed: 0, completed: 0 });

    // A graceful stop ends the second worker cleanly.
    b.process.kill('SIGTERM');
    expect(await b.exited).to.equal(0);
  });
});
