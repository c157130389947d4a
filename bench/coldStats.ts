/**
 * Cold stats latency: every sample is a freshly started node process (new PostgreSQL backends,
 * empty plan and catalog caches, empty response cache, nothing of the stats path run yet in
 * that process: first-call costs of modules, WebAssembly and the JIT are all counted), which
 * answers one request; then one request with a new ETag in the same process (a cache miss on
 * warm connections). Runs against a database made by bench/rollupStats.ts (its bench_meta row).
 *
 *   node --import tsx bench/coldStats.ts --db cuepoint_bench_stats [--runs 7] [--endpoints overview,videos]
 *                                        [--queries] [--dump DIR] [--cpu-prof DIR]
 *
 * --queries prints where the cold request's time goes: every statement it sent, with its time
 * from send to last row (median over the runs), and the rest of the request (JavaScript).
 * --dump writes each endpoint's cold body to DIR, to compare two builds' answers byte for byte.
 * --cpu-prof writes a V8 CPU profile of each sample's process into DIR.
 *
 * Each sample's process is started and measured alone (sequentially), so its latency is the
 * request's own; the machine's load average is printed beside the figures.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnNode, stopAllChildren } from './lib/processes.js';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESULT = 'COLD-STATS-RESULT ';

const ALL_ENDPOINTS = [
  'overview',
  'videos',
  'site',
  'site/pages',
  'videos?by=source',
  'goals',
  'transitions',
  'clicks',
  'custom-events',
  'uplift',
  'video-funnel',
  'audience-retention?videoId=video-01',
  'playback',
];

interface Args {
  db: string;
  runs: number;
  endpoints: string[];
  queries: boolean;
  dump: string | undefined;
  cpuProf: string | undefined;
  child: { path: string; missPath: string; dump: string | undefined } | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { db: '', runs: 7, endpoints: ALL_ENDPOINTS, queries: false, dump: undefined, cpuProf: undefined, child: undefined };
  let childPath: string | undefined;
  let missPath = '';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${String(flag)} needs a value`);
      return v;
    };
    if (flag === '--db') args.db = value();
    else if (flag === '--runs') args.runs = Number(value());
    else if (flag === '--endpoints') args.endpoints = value().split(',');
    else if (flag === '--queries') args.queries = true;
    else if (flag === '--dump') args.dump = value();
    else if (flag === '--cpu-prof') args.cpuProf = value();
    else if (flag === '--child-path') childPath = value();
    else if (flag === '--child-miss') missPath = value();
    else throw new Error(`unknown argument ${String(flag)}`);
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(args.db)) throw new Error('--db NAME is required (a plain database name)');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a positive integer');
  if (childPath !== undefined) args.child = { path: childPath, missPath, dump: args.dump };
  return args;
}

function databaseUrl(db: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

interface QueryTiming {
  sql: string;
  ms: number;
  rows: number;
}

interface ChildResult {
  coldMs: number;
  /** User + system CPU of the web process during the cold request. */
  coldCpuMs: number;
  /** User + system CPU of the process's PostgreSQL backends during it (new backends counted whole). */
  pgCpuMs: number;
  missMs: number;
  status: number;
  bytes: number;
  queries: QueryTiming[];
  /** The cold request on the monotonic clock of a --cpu-prof profile (µs). */
  window: { fromUs: number; toUs: number };
}

/** One sample, inside its own fresh process: start the web server, one cold request, one miss. */
async function child(args: Args, spec: NonNullable<Args['child']>): Promise<void> {
  const pg = (await import('pg')).default;
  const queries: QueryTiming[] = [];
  let recording = false;
  // Times every statement from send to its last row; the app's own pg module is this one.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied below with the client as `this`
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function timedQuery(this: unknown, ...params: unknown[]): unknown {
    if (!recording) return Reflect.apply(original, this, params);
    const first = params[0];
    const sql = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : '?';
    const t0 = performance.now();
    const entry: QueryTiming = { sql: sql.replace(/\s+/g, ' ').trim(), ms: NaN, rows: 0 };
    queries.push(entry);
    const done = (r: { rowCount?: number | null } | undefined) => {
      entry.ms = performance.now() - t0;
      entry.rows = r?.rowCount ?? 0;
    };
    // pg.Pool#query passes a callback; a checked-out client's query returns a promise.
    const last = params[params.length - 1];
    if (typeof last === 'function') {
      params[params.length - 1] = (err: unknown, r: { rowCount?: number | null } | undefined) => {
        done(r);
        (last as (err: unknown, r: unknown) => void)(err, r);
      };
    }
    const result: unknown = Reflect.apply(original, this, params);
    if (!(result instanceof Promise)) return result;
    return result.then((r: { rowCount?: number | null }) => {
      done(r);
      return r;
    });
  } as typeof original;

  // Names this process's PostgreSQL backends, so their CPU can be read from /proc.
  const appName = `coldstats-${process.pid}`;
  process.env.PGAPPNAME = appName;
  const { loadConfig } = await import('../shared/config.js');
  const { createLogger } = await import('../shared/logger.js');
  const { startWeb } = await import('../api/server.js');
  const meta = await readMeta(args.db);
  const config = loadConfig({ DATABASE_URL: databaseUrl(args.db), REDIS_URL, QUEUE_PREFIX: `cpcold_${args.db}`, LOG_LEVEL: 'silent', PORT: '0' });
  const server = await startWeb(config, createLogger({ logLevel: 'silent' }, 'bench'));
  try {
    const get = async (path: string) => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${meta.readKey}` } });
      const body = await res.text();
      return { ms: performance.now() - t0, status: res.status, body };
    };
    const backends0 = await backendCpuMs(args.db, appName);
    recording = true;
    const cpu0 = process.cpuUsage();
    const window = { fromUs: Number(process.hrtime.bigint() / 1000n), toUs: 0 };
    const cold = await get(spec.path);
    window.toUs = Number(process.hrtime.bigint() / 1000n);
    const cpu = process.cpuUsage(cpu0);
    recording = false;
    const backends1 = await backendCpuMs(args.db, appName);
    let pgCpuMs = 0;
    for (const [pid, ms] of backends1) pgCpuMs += ms - (backends0.get(pid) ?? 0);
    const miss = spec.missPath === '' ? { ms: NaN } : await get(spec.missPath);
    if (spec.dump !== undefined) writeFileSync(spec.dump, cold.body);
    const result: ChildResult = {
      coldMs: cold.ms,
      coldCpuMs: (cpu.user + cpu.system) / 1000,
      pgCpuMs,
      missMs: miss.ms,
      status: cold.status,
      bytes: cold.body.length,
      queries,
      window,
    };
    process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
  } finally {
    await server.close();
  }
}

/** User + system CPU (ms) of each backend named `appName`, from /proc (PostgreSQL runs on this machine). */
async function backendCpuMs(db: string, appName: string): Promise<Map<number, number>> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl(db), application_name: 'coldstats-probe' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = $1`, [appName]);
    const ticks = 1000 / 100; // CLK_TCK is 100 on Linux
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * ticks);
      } catch {
        // The backend ended in between.
      }
    }
    return cpu;
  } finally {
    await client.end();
  }
}

interface Meta {
  startDay: string;
  days: number;
  readKey: string;
}

async function readMeta(db: string): Promise<Meta> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl(db) });
  await client.connect();
  try {
    const { rows } = await client.query<{ start_day: string; days: number; read_key: string }>(
      `select start_day::text as start_day, days, read_key from bench_meta where complete`,
    );
    const row = rows[0];
    if (!row) throw new Error(`${db} has no complete bench_meta row: make it with bench/rollupStats.ts first`);
    return { startDay: row.start_day, days: row.days, readKey: row.read_key };
  } finally {
    await client.end();
  }
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

const fmt = (ms: number) => ms.toFixed(1);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function parent(args: Args): Promise<void> {
  const meta = await readMeta(args.db);
  const from = meta.startDay;
  const to = addDays(from, meta.days - 1);
  const path = (endpoint: string, end: string) => `/v1/stats/${endpoint}${endpoint.includes('?') ? '&' : '?'}from=${from}&to=${end}&includeBots=false`;
  if (args.dump !== undefined) mkdirSync(args.dump, { recursive: true });
  if (args.cpuProf !== undefined) mkdirSync(args.cpuProf, { recursive: true });
  process.stdout.write(`cold stats on ${args.db}, ${from}..${to}, ${args.runs} fresh processes per endpoint; load ${loadavg()}\n`);
  const lines: string[] = ['| endpoint | cold p50 | cold p95 | cold max | web CPU p50 | PG CPU p50 | SQL p50 | miss p50 | miss p95 | statements |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const endpoint of args.endpoints) {
    const results: ChildResult[] = [];
    for (let i = 0; i < args.runs; i++) {
      const dump = args.dump !== undefined && i === 0 ? `${args.dump}/${endpoint.replace(/[^a-z0-9]+/gi, '_')}.json` : undefined;
      const nodeArgs = args.cpuProf !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${args.cpuProf}`] : [];
      const spawned = spawnNode([
        ...nodeArgs,
        '--import',
        'tsx',
        'bench/coldStats.ts',
        '--db',
        args.db,
        '--child-path',
        path(endpoint, to),
        '--child-miss',
        path(endpoint, addDays(to, -1 - (i % 3))),
        ...(dump !== undefined ? ['--dump', dump] : []),
      ]);
      const line = await spawned.line(RESULT, 120_000);
      await new Promise((resolve) => spawned.child.once('exit', resolve));
      const result = JSON.parse(line.slice(line.indexOf(RESULT) + RESULT.length)) as ChildResult;
      if (result.status !== 200) throw new Error(`${endpoint}: status ${result.status}`);
      results.push(result);
    }
    const cold = results.map((r) => r.coldMs);
    const sql = results.map((r) => r.queries.reduce((s, q) => s + q.ms, 0));
    const miss = results.map((r) => r.missMs);
    const row = `| ${endpoint} | ${fmt(quantile(cold, 0.5))} | ${fmt(quantile(cold, 0.95))} | ${fmt(Math.max(...cold))} | ${fmt(quantile(results.map((r) => r.coldCpuMs), 0.5))} | ${fmt(quantile(results.map((r) => r.pgCpuMs), 0.5))} | ${fmt(quantile(sql, 0.5))} | ${fmt(quantile(miss, 0.5))} | ${fmt(quantile(miss, 0.95))} | ${results[0]?.queries.length ?? 0} |`;
    lines.push(row);
    process.stdout.write(`${row}  (load ${loadavg()})\n`);
    if (args.cpuProf !== undefined) for (const r of results) process.stdout.write(`    cold request window (µs, profile clock): ${r.window.fromUs}..${r.window.toUs}\n`);
    if (args.queries) printQueries(results);
  }
  process.stdout.write(`\nms; web CPU / PG CPU = user+system of the web process / of its PostgreSQL backends during the cold request; load ${loadavg()}\n${lines.join('\n')}\n`);
}

/** Median time per statement position (the statements of one endpoint come in the same order). */
function printQueries(results: ChildResult[]): void {
  const first = results[0];
  if (!first) return;
  first.queries.forEach((q, i) => {
    const ms = results.map((r) => r.queries[i]?.ms ?? NaN);
    process.stdout.write(`    ${fmt(quantile(ms, 0.5)).padStart(7)} ms ${String(q.rows).padStart(6)} rows  ${q.sql.slice(0, 150)}\n`);
  });
  const js = results.map((r) => r.coldMs - r.queries.reduce((s, q) => s + q.ms, 0));
  process.stdout.write(`    ${fmt(quantile(js, 0.5)).padStart(7)} ms outside statements (JavaScript, HTTP, waits)\n`);
}

const args = parseArgs(process.argv.slice(2));
(args.child ? child(args, args.child) : parent(args)).then(
  () => process.exit(0),
  async (err: unknown) => {
    await stopAllChildren();
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
