/**
 * How long acknowledged ingest jobs wait after a worker is SIGKILLed, per lock duration and
 * stall-check interval: enqueue JOBS jobs of EVENTS events, start a worker (50 jobs at once,
 * 200 ms flushes, so that jobs are always in flight), kill it once a third is stored, start
 * another at once and time until every event is stored. Each setting runs RUNS times.
 *
 *   node --import tsx bench/killDrain.ts [lockMs/stalledMs ...]    (default: 30000/30000 10000/5000 5000/5000)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createTestEnv, tearDownSharedServices, type TestEnv } from '../test/helpers/services.js';
import { count, event, insertProject, job, producer } from '../test/integration/worker/helpers.js';

const JOBS = 400;
const EVENTS = 10;
const RUNS = 2;
const RECEIVED_AT = Date.parse('2026-03-01T12:00:00Z');

function spawnWorker(t: TestEnv, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: { ...process.env, ...t.env, ...env, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function drainAfterKill(lockMs: number, stalledMs: number): Promise<{ storedAtKill: number; stuckJobs: number; drainMs: number }> {
  const t = await createTestEnv({
    WORKER_LOCK_MS: String(lockMs),
    WORKER_STALLED_INTERVAL_MS: String(stalledMs),
    WORKER_CONCURRENCY: '50',
    WORKER_FLUSH_MS: '200',
  });
  const q = await producer(t);
  const children: ChildProcess[] = [];
  try {
    const projectId = await insertProject(t.pool, 'UTC');
    const jobs = Array.from({ length: JOBS }, (_, j) =>
      job(projectId, Array.from({ length: EVENTS }, (_, i) => event('video_play', RECEIVED_AT - (j * EVENTS + i) * 1000, { visitorId: randomUUID() }))),
    );
    await q.add(jobs);
    const stored = () => count(t.pool, 'select count(*) as n from events');
    const first = spawnWorker(t, {});
    children.push(first);
    await until(async () => (await stored()) >= (JOBS * EVENTS) / 3, 120_000);
    const killedAt = Date.now();
    first.kill('SIGKILL');
    const storedAtKill = await stored();
    // Jobs the killed worker held: they wait for their lock to lapse and a stall check.
    const stuckJobs = (await q.queue.getJobCounts('active')).active ?? 0;
    children.push(spawnWorker(t, {}));
    await until(async () => (await stored()) >= JOBS * EVENTS, 300_000);
    return { storedAtKill, stuckJobs, drainMs: Date.now() - killedAt };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await q.close();
    await t.cleanup();
  }
}

const settings = process.argv.slice(2).length ? process.argv.slice(2) : ['30000/30000', '10000/5000', '5000/5000'];
console.log(`${JOBS} jobs x ${EVENTS} events; worker SIGKILLed at a third stored, a new one started at once`);
console.log('| lock ms | stall check ms | events stored at kill | jobs held by the killed worker | kill to all stored |');
console.log('| --- | --- | --- | --- | --- |');
for (const s of settings) {
  const [lockMs, stalledMs] = s.split('/').map(Number);
  if (lockMs === undefined || stalledMs === undefined) throw new Error(`not lockMs/stalledMs: ${s}`);
  for (let run = 0; run < RUNS; run++) {
    const r = await drainAfterKill(lockMs, stalledMs);
    console.log(`| ${lockMs} | ${stalledMs} | ${r.storedAtKill} | ${r.stuckJobs} | ${(r.drainMs / 1000).toFixed(1)} s |`);
  }
}
await tearDownSharedServices();
