/**
 * The worker's write path alone, in process: normalizes the bench's event mix, then stores it
 * through EventWriter in batches, and reports CPU per stored event of this process (normalize,
 * writer) and of the one PostgreSQL backend serving it, plus statements per batch.
 *
 * node --import tsx bench/writerCost.ts --db cuepoint_bench_worker [--events 40000] [--batch 2000] [--per-request 20]
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { recreateDatabase, databaseUrl } from './lib/database.js';
import { benchRequest } from './lib/benchRequest.js';
import { flag } from './lib/flag.js';
import { cpuMs } from './lib/cpuTime.js';
import { normalizeEvent } from '../worker/normalize/pipeline.js';
import { ToDeadLetter } from '../worker/normalize/toDeadLetter.js';
import { EventWriter, type WriteItem } from '../worker/persist/eventWriter.js';
import { parseJobData } from '../worker/jobData.js';

const db = flag('db', 'cuepoint_bench_worker');
const total = Number(flag('events', '40000'));
const batchSize = Number(flag('batch', '2000'));
const perRequest = Number(flag('per-request', '20'));
const fresh = flag('fresh', 'yes') === 'yes';

const selfMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const created = fresh ? (await recreateDatabase(db)).projectId : undefined;
const pool = new pg.Pool({ connectionString: databaseUrl(db), max: 1 });
const projectId = created ?? ((await pool.query<{ id: string }>('select id from projects limit 1')).rows[0] as { id: string }).id;

let statements = 0;
const perStatement = new Map<string, { n: number; ms: number }>();
// Wrapped only to count and time the writer's statements; always called with its client as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  const query = args[0] as string | { text?: string; name?: string };
  const sql = typeof query === 'string' ? query : (query.name ?? query.text ?? '?');
  const label = sql.replace(/\s+/g, ' ').slice(0, 70);
  const t = performance.now();
  const r = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (r instanceof Promise) {
    void r.then(() => {
      const s = perStatement.get(label) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      perStatement.set(label, s);
    }, () => undefined);
  }
  return r;
} as typeof original;

const backend = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0;
const now = Date.now();
const jobs = [];
for (let n = 0; n < total; n += perRequest) {
  jobs.push(benchRequest(projectId, perRequest, now));
}

const n0 = selfMs();
const items: WriteItem[] = [];
for (const job of jobs) {
  const parsed = parseJobData(job);
  if (!parsed.ok) throw new Error(parsed.reason);
  for (const e of parsed.events) {
    const row = normalizeEvent(e, parsed.context, { maxEventAgeMs: 30 * 86_400_000 });
    if (row instanceof ToDeadLetter) throw new Error(row.describe());
    items.push({ row, timezone: parsed.context.timezone });
  }
}
const normalizeMs = selfMs() - n0;

const writer = new EventWriter(pool);
// Warm-up batch (partitions, plan caches) outside the measure.
await writer.write(items.slice(0, batchSize));
const measured = items.slice(batchSize);
const s0 = statements;
perStatement.clear();
const w0 = selfMs();
const p0 = cpuMs(backend);
const t0 = performance.now();
let inserted = 0;
for (let i = 0; i < measured.length; i += batchSize) inserted += (await writer.write(measured.slice(i, i + batchSize))).inserted;
const wall = performance.now() - t0;
const writerMs = selfMs() - w0;
const pgMs = cpuMs(backend) - p0;
const batches = Math.ceil(measured.length / batchSize);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  JSON.stringify({
    batchSize,
    perRequest,
    inserted,
    normalizeUsPerEvent: +((normalizeMs * 1000) / items.length).toFixed(1),
    writerUsPerEvent: +((writerMs * 1000) / inserted).toFixed(1),
    pgUsPerEvent: +((pgMs * 1000) / inserted).toFixed(1),
    statementsPerBatch: +((statements - s0) / batches).toFixed(1),
    wallMsPerBatch: +(wall / batches).toFixed(1),
    eventsPerS: Math.round(inserted / (wall / 1000)),
    load,
  }),
);
if (process.argv.includes('--explain')) {
  const client = await pool.connect();
  client.on('notice', (n) => console.log(n.message));
  await client.query(`load 'auto_explain'`);
  await client.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on; set auto_explain.log_buffers = on; set auto_explain.log_level = notice; set auto_explain.log_timing = on`);
  client.release();
  const extra = measured.slice(0, batchSize).map((i) => ({ ...i, row: { ...i.row, event_id: crypto.randomUUID(), visitor_id: i.row.visitor_id } }));
  await writer.write(extra);
}
if (process.argv.includes('--statements')) {
  for (const [label, v] of [...perStatement].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${(v.ms / batches).toFixed(1).padStart(8)} ms/batch  x${(v.n / batches).toFixed(1)}  ${label}`);
}
pg.Client.prototype.query = original;
await pool.end();
