/**
 * One worker process draining a queue: CPU per stored event of the worker and of the PostgreSQL
 * backends serving it (from /proc), and the drain rate. The worker starts on an empty queue and
 * is measured from the moment the jobs are added until every event is stored.
 *
 * node --import tsx bench/workerDrain.ts --db cuepoint_bench_worker [--events 60000] [--per-request 20] [--runtime dist|tsx] [--prof dir]
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { recreateDatabase, databaseUrl, storedEvents } from './lib/database.js';
import { benchRequest } from './lib/benchRequest.js';
import { flag } from './lib/flag.js';
import { cpuMsIfAlive } from './lib/cpuTime.js';
import { INGEST_JOB_NAME, INGEST_QUEUE } from '../shared/queue/contract.js';

const db = flag('db', 'cuepoint_bench_worker');
const total = Number(flag('events', '60000'));
const perRequest = Number(flag('per-request', '20'));
const runtime = flag('runtime', 'dist');
const prof = flag('prof', '');
const redisUrl = 'redis://127.0.0.1:6379';
const prefix = `wd-${randomUUID().slice(0, 8)}`;


const { projectId } = await recreateDatabase(db);
const pool = new pg.Pool({ connectionString: databaseUrl(db), max: 2 });
const mine = new Set<number>();
for (let i = 0; i < 2; i++) {
  const c = await pool.connect();
  mine.add((await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0);
  c.release();
}

const file = flag('file', runtime === 'dist' ? 'dist/worker/main.js' : 'worker/main.ts');
const nodeArgs = [...(runtime === 'dist' ? [] : ['--import', 'tsx']), ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), file];
const child = spawn(process.execPath, nodeArgs, {
  env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl(db), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const workerPid = child.pid ?? 0;
await new Promise((r) => setTimeout(r, 4000));

// Backends: first and last CPU seen of every connection to the database but this script's.
const seen = new Map<number, { first: number; last: number }>();
async function sampleBackends(): Promise<void> {
  const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [db]);
  for (const { pid } of rows) {
    if (mine.has(pid)) continue;
    const cpu = cpuMsIfAlive(pid);
    if (cpu === undefined) continue;
    const s = seen.get(pid);
    if (s) s.last = cpu;
    else seen.set(pid, { first: cpu, last: cpu });
  }
}
await sampleBackends();

const now = Date.now();
const jobs = [];
for (let n = 0; n < total; n += perRequest * 3) {
  const requests = [];
  for (let r = 0; r < 3 && n + r * perRequest < total; r++) {
    requests.push(benchRequest(projectId, perRequest, now));
  }
  jobs.push({ name: INGEST_JOB_NAME, data: { v: 2, projectId, requests } });
}
const stored = jobs.reduce((s, j) => s + j.data.requests.reduce((t, r) => t + r.events.length, 0), 0);
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue(INGEST_QUEUE, { connection, prefix });

const w0 = cpuMsIfAlive(workerPid) ?? 0;
const t0 = performance.now();
for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
for (;;) {
  await sampleBackends();
  if ((await storedEvents(pool)) >= stored) break;
  await new Promise((r) => setTimeout(r, 200));
}
const seconds = (performance.now() - t0) / 1000;
const workerMs = (cpuMsIfAlive(workerPid) ?? 0) - w0;
let pgMs = 0;
for (const s of seen.values()) pgMs += s.last - s.first;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  JSON.stringify({
    events: stored,
    perRequest,
    eventsPerS: Math.round(stored / seconds),
    workerUsPerEvent: +((workerMs * 1000) / stored).toFixed(1),
    pgUsPerEvent: +((pgMs * 1000) / stored).toFixed(1),
    backends: seen.size,
    load,
  }),
);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await queue.obliterate({ force: true }).catch(() => undefined);
await queue.close();
connection.disconnect();
await pool.end();
