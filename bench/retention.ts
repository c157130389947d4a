/**
 * Dropping a month of 3,000,000 events while ingest goes on: fills one old monthly partition
 * (and its event_ids) with generated rows in SQL, starts a real API process and a worker, posts
 * /v1/events continuously (CONCURRENCY loops, one 10-event batch per loop every PAUSE_MS), runs
 * `cuepoint retention run` meanwhile, and reports the partition's id deletion and drop times and
 * every ingest answer during the run (count, statuses, p50/p99/max latency) with the load average.
 *
 *   node --import tsx bench/retention.ts [events]    (default 3000000)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { initOrm } from '../shared/db/orm.js';
import { createProject } from '../shared/projects/createProject.js';
import type { RetentionReport } from '../shared/retention/report.js';
import { runRole, spawnRole, stopRole, waitFor } from '../test/helpers/processes.js';
import { createTestEnv, tearDownSharedServices } from '../test/helpers/services.js';

const EVENTS = Number(process.argv[2] ?? 3_000_000);
const CONCURRENCY = 4;
const PAUSE_MS = 10;
const BATCH = 10;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const SHOP = 'https://shop.example';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const port = await freePort();
const t = await createTestEnv({ PORT: String(port), LOG_LEVEL: 'error', RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0' });
const countRows = async (sql: string, params: unknown[]) => Number((await t.pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
const orm = await initOrm(t.config);
const project = await createProject(orm.em.fork(), { name: 'Bench', timezone: 'UTC', allowedOrigins: [SHOP] });
await orm.close();

// The month five months back: well past the default 90 days, inside the migration's partitions.
const now = new Date();
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 4, 1));
const partition = `events_${monthStart.toISOString().slice(0, 4)}_${monthStart.toISOString().slice(5, 7)}`;

console.log(`filling ${partition} with ${EVENTS.toLocaleString('en')} events and their ids ...`);
let started = Date.now();
await t.pool.query(
  `insert into ${partition} (project_id, event_id, type, occurred_at, client_ts, received_at, visitor_id, session_id, url, page_key)
   select $1::uuid, gen_random_uuid(), 'page_view', at, at, at,
     md5('v' || (i % 200000))::uuid, md5('s' || (i % 600000))::uuid,
     'https://shop.example/p/' || (i % 2000), 'https://shop.example/p/' || (i % 2000)
   from generate_series(1, $4::int) as i,
     lateral (select $2::timestamptz + (i::double precision / $4) * ($3::timestamptz - $2::timestamptz) as at) t`,
  [project.projectId, monthStart, new Date(monthEnd.getTime() - 1000), EVENTS],
);
const fillEventsMs = Date.now() - started;
started = Date.now();
await t.pool.query(`insert into event_ids (project_id, event_id) select project_id, event_id from ${partition}`);
const fillIdsMs = Date.now() - started;
await t.pool.query(`vacuum analyze ${partition}`);
await t.pool.query(`vacuum analyze event_ids`);
console.log(`filled in ${fmt(fillEventsMs)} (events) + ${fmt(fillIdsMs)} (event_ids)`);

const web = spawnRole('api/main.ts', { ...t.env, LOG_LEVEL: 'error' });
const worker = spawnRole('worker/main.ts', { ...t.env, LOG_LEVEL: 'error' });
const url = `http://127.0.0.1:${port}`;
await waitFor(async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok ? true : undefined), 30_000, 'the API to be ready');

interface Answer {
  at: number;
  ms: number;
  status: number;
}
const answers: Answer[] = [];
let running = true;
async function load(): Promise<void> {
  const visitorId = randomUUID();
  const sessionId = randomUUID();
  while (running) {
    const events = Array.from({ length: BATCH }, () => ({ id: randomUUID(), visitorId, sessionId, ts: Date.now(), type: 'impression', url: `${SHOP}/now` }));
    const sent = performance.now();
    const at = Date.now();
    try {
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': UA },
        body: JSON.stringify({ key: project.writeKey, events }),
      });
      await res.arrayBuffer();
      answers.push({ at, ms: performance.now() - sent, status: res.status });
    } catch {
      answers.push({ at, ms: performance.now() - sent, status: 0 });
    }
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

const loops = Array.from({ length: CONCURRENCY }, () => load());
await new Promise((r) => setTimeout(r, 3000)); // warm-up
const recentSql = `select count(*) as n from events where occurred_at >= $1`;
const storedBefore = await countRows(recentSql, [new Date(Date.now() - 3_600_000)]);
const loadBefore = loadavg();
const runStarted = Date.now();
const out = await runRole('cli/main.ts', { ...t.env, LOG_LEVEL: 'error' }, ['retention', 'run', '--json']);
const runEnded = Date.now();
const loadAfter = loadavg();
running = false;
await Promise.all(loops);
if (out.code !== 0) throw new Error(`retention run failed: ${out.stderr}`);
const report = JSON.parse(out.stdout) as RetentionReport;
const dropped = report.partitions.find((p) => p.name === partition);
if (!dropped) throw new Error(`${partition} was not dropped`);
const storedAfter = await waitFor(async () => {
  const n = await countRows(recentSql, [new Date(Date.now() - 3_600_000)]);
  return n > storedBefore ? n : undefined;
}, 30_000, 'events stored during the run');
const gone = (await countRows(`select count(*) as n from pg_class where relname = $1`, [partition])) === 0;

function summary(list: readonly Answer[]): string {
  const latencies = list.map((a) => a.ms).sort((x, y) => x - y);
  const statuses = new Map<number, number>();
  for (const a of list) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  return `${list.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`;
}

console.log('');
console.log(`| events in ${partition} | event_ids deleted | ids deletion | detach + drop | whole run | partition gone |`);
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(`| ${dropped.events.toLocaleString('en')} | ${dropped.eventIds.toLocaleString('en')} | ${fmt(dropped.forgetMs)} | ${dropped.dropMs} ms | ${fmt(runEnded - runStarted)} (report ${fmt(report.durationMs)}) | ${gone} |`);
console.log('');
console.log(`ingest (${CONCURRENCY} loops posting ${BATCH} events, ${PAUSE_MS} ms pause):`);
console.log(`- during the run: ${summary(answers.filter((a) => a.at >= runStarted && a.at <= runEnded))}`);
console.log(`- warm-up before it (3 s): ${summary(answers.filter((a) => a.at < runStarted))}`);
console.log(`events stored by the worker in the last hour: ${storedBefore} before the run, ${storedAfter} after`);
console.log(`load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);

await stopRole(web);
await stopRole(worker);
await t.cleanup();
await tearDownSharedServices();
