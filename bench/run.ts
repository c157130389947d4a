/**
 * `npm run bench`: ingest, end to end, rollups + stats, memory, scaling and the Segment routes in one run,
 * against real PostgreSQL and Redis on loopback. Prints one markdown table and writes it, with
 * the command and the machine, to bench/RESULTS.md (`--smoke` only proves the harness runs and
 * writes nothing). Every server, worker and load client is its own process, so the client
 * never shares an event loop with what it measures (it does share the machine's cores).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { measureCeilings } from './ceilings/ceilingSteps.js';
import { measureCopy } from './e2e/copyCeiling.js';
import { measureDeployment, type DeploymentFigures } from './e2e/deployment.js';
import { parseArgs, type BenchArgs } from './lib/args.js';
import type { BenchContext } from './lib/context.js';
import { databaseUrl, dropDatabase, recreateDatabase } from './lib/database.js';
import { describeMachine } from './lib/machine.js';
import { runBenchMain } from './lib/main.js';
import { runToEnd, stopAllChildren } from './lib/processes.js';
import { REDIS_URL, RedisProbe } from './lib/redisProbe.js';
import type { Runtime } from './lib/roles.js';
import { RssTracker } from './lib/rss.js';
import { us } from './report/cpuPerEvent.js';
import { sizingSection } from './report/sizing.js';
import { int, mb, Table } from './report/table.js';
import { measureSegment } from './segment/segmentSteps.js';
import { runRollupStats } from './stats/rollupStatsSlot.js';

const WEB_RSS_TARGET_MB = 150;
const WORKER_RSS_TARGET_MB = 250;
/** Redis "back to where it started": within this much of the starting used_memory. */
const REDIS_SETTLED_BYTES = 5 * 2 ** 20;

const CPU_NOTE =
  'CPU per event is user + system time from /proc/<pid>/stat over the step: web per event it answered 202 for, worker per event ' +
  'committed, PostgreSQL over the backends serving this run’s web and worker processes (found in pg_stat_activity by the ' +
  'application_name each role gets, sampled every 100 ms so backends that come and go still count); the WAL writer, checkpointer, ' +
  'background writer and autovacuum are shared by the server and not included. In the scaling steps the cluster primary, which only ' +
  'hands connections over, is not counted. The load average (1 min) is read when each step ends.';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** dist/ is what the Procfile runs; if someone's half-finished file breaks the build, fall back to the sources. */
async function prepareRuntime(wanted: Runtime): Promise<{ runtime: Runtime; note: string }> {
  if (wanted === 'tsx') return { runtime: 'tsx', note: 'servers run from the TypeScript sources (node --import tsx)' };
  try {
    log('building dist/ (npm run build)');
    await runToEnd('npm', ['run', 'build']);
    return { runtime: 'dist', note: 'servers run from dist/ as the Procfile does (built at the start of the run)' };
  } catch (err) {
    log(`build failed, running the sources through tsx instead: ${(err as Error).message.split('\n').slice(-3).join(' ')}`);
    return { runtime: 'tsx', note: 'npm run build failed, so servers ran from the sources (node --import tsx)' };
  }
}

function memoryRows(ctx: BenchContext, one: DeploymentFigures, two: DeploymentFigures | undefined): void {
  const row = (what: string, peak: number | undefined, target: number) =>
    ctx.table.add('4 memory', what, peak === undefined ? 'not sampled' : `${peak.toFixed(0)} MB`, `< ${target} MB`, peak !== undefined && peak < target);
  row('peak RSS, web process (1 web; VmHWM during ingest + end to end)', one.webPeakMb, WEB_RSS_TARGET_MB);
  row('peak RSS, worker process (1 worker; VmHWM during drain + end to end)', one.workerPeakMb, WORKER_RSS_TARGET_MB);
  if (two) {
    row('peak RSS, largest of 2 web processes (scaling run)', two.webPeakMb, WEB_RSS_TARGET_MB);
    row('peak RSS, largest of 2 worker processes (scaling run)', two.workerPeakMb, WORKER_RSS_TARGET_MB);
  }
}

async function run(args: BenchArgs, started: number): Promise<string> {
  const { runtime, note } = await prepareRuntime(args.runtime);
  // Two runs with their own databases (--db) never share queues either.
  const redisPrefix = args.database === 'cuepoint_bench_ingest' ? 'cpingest' : `cp_${args.database}`;
  const probe = new RedisProbe(redisPrefix);
  const pool = new pg.Pool({ connectionString: databaseUrl(args.database), max: 2 });
  try {
    log(`database ${args.database}: recreating and migrating`);
    const project = await recreateDatabase(args.database);
    await probe.deletePrefix();
    const ctx: BenchContext = {
      args,
      table: new Table(),
      rss: new RssTracker(),
      probe,
      pool,
      roles: { runtime, databaseUrl: databaseUrl(args.database), redisUrl: REDIS_URL, prefix: redisPrefix },
      project,
    };
    const { table } = ctx;

    log('ceilings: bare node:http, bare Express');
    const ceilings = await measureCeilings(ctx);
    log(`COPY ceiling: ${args.copyRows} rows`);
    const copy = await measureCopy(databaseUrl(args.database), pool, project.projectId, args.copyRows);
    table.add(
      '2 end-to-end ceiling',
      `COPY FROM STDIN (pg-copy-streams, one connection) of ${int(copy.rows)} normalized rows into the same events table`,
      `${int(copy.rowsPerS)} rows/s`,
      '',
      undefined,
      `PostgreSQL ${us(copy.postgresUsPerRow)} µs/row (the COPY's backend); load ${(os.loadavg()[0] ?? 0).toFixed(1)}`,
    );

    const redisBefore = await probe.usedMemory();
    log('1 web + 1 worker');
    const one = await measureDeployment(ctx, { webs: 1, workers: 1 }, ceilings, copy, { ingest: '1 ingest', endToEnd: '2 end to end' });
    let two: DeploymentFigures | undefined;
    if (args.scaling) {
      log('2 web + 2 workers');
      two = await measureDeployment(ctx, { webs: 2, workers: 2 }, ceilings, copy, { ingest: '5 scaling: ingest', endToEnd: '5 scaling: end to end' });
    }
    memoryRows(ctx, one, two);
    const redisAfter = await probe.usedMemory();
    const leftover = await probe.prefixBytes();
    table.add(
      '4 memory',
      'Redis used_memory: before the first load -> after every backlog drained (whole server, which other tests share)',
      `${mb(redisBefore)} -> ${mb(redisAfter)} (${redisAfter >= redisBefore ? '+' : ''}${mb(redisAfter - redisBefore)}); bench keys left: ${leftover.keys} holding ${mb(leftover.bytes)}`,
      `back to within ${mb(REDIS_SETTLED_BYTES)} of the start`,
      redisAfter - redisBefore < REDIS_SETTLED_BYTES,
    );

    // After the Redis row: the session split's per-visitor state is the Segment loads' own, deleted with the prefix.
    let segment = '';
    if (args.segmentRounds > 0) {
      log(`Segment routes against /v1/events, ${args.segmentRounds} round(s)`);
      segment = await measureSegment(ctx);
    }

    if (args.stats === 'skip') {
      table.add('3 rollups + stats', 'not run (--stats skip)', '', '`npm run bench -- --stats small|full`, or `npm run bench:stats`');
    } else {
      log(`rollups + stats (${args.stats}) through bench/rollupStats.ts`);
      const stats = await runRollupStats(args.stats);
      if (stats.error !== undefined) table.add('3 rollups + stats', `\`${stats.command}\``, `FAILED: ${stats.error}`);
      for (const [measure, value] of stats.rows) table.add('3 rollups + stats', measure, value, `from \`${stats.command}\``);
    }

    const machine = await describeMachine(probe.redis);
    const command = `npm run bench${args.argv.length ? ` -- ${args.argv.join(' ')}` : ''}`;
    const machineShort = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'})`;
    return [
      '# Ingest, end-to-end, memory and scaling benchmark',
      '',
      `Command: \`${command}\` (${args.durationS} s per load step, ${args.connections} connections; ${note}).`,
      `Machine: ${machine}.`,
      `Run at ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s in all; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min): above 2 means other work shared the cores.`,
      '',
      CPU_NOTE,
      '',
      table.markdown(),
      '',
      ...(segment ? [segment] : []),
      sizingSection(one, command, machineShort),
    ].join('\n');
  } finally {
    await stopAllChildren();
    await probe.deletePrefix().catch(() => undefined);
    await probe.close();
    await pool.end();
    await dropDatabase(args.database).catch(() => undefined);
  }
}

const started = performance.now();
const args = parseArgs(process.argv.slice(2));
runBenchMain(() => run(args, started), args.smoke ? undefined : new URL('./RESULTS.md', import.meta.url));
