/**
 * `npm run bench:shards`: ingest and end to end with 1, 2 and 4 ingest queue shards on a local
 * three-master Redis Cluster (and, for reference, one shard on the single Redis), then what the
 * CPU per event of each part predicts for N web and M worker dynos. Writes bench/RESULTS-shards.md
 * (bench/RESULTS-shards-<n>-per-request.md for another --events-per-request; `--smoke` only proves
 * the harness runs and writes nothing).
 *
 *   npm run bench:shards -- [--shards 1,2,4] [--projects 32] [--workers 1] [--duration 10]
 *                           [--connections 50] [--events-per-request 20] [--no-single] [--runtime dist|tsx] [--smoke]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalCluster, type LocalCluster } from '../test/cluster/localCluster.js';
import { PrivateRedis } from '../test/faults/infra/privateRedis.js';
import { databaseUrl, dropDatabase } from './lib/database.js';
import { onInterrupt, runBenchMain } from './lib/main.js';
import { runToEnd, stopAllChildren } from './lib/processes.js';
import { freePort, type Runtime } from './lib/roles.js';
import { predictionSection, roundsTable } from './shards/report.js';
import { measureRound, type RedisTarget, type RoundFigures } from './shards/shardRound.js';

interface ShardArgs {
  shards: number[];
  projects: number;
  workers: number;
  durationS: number;
  connections: number;
  eventsPerRequest: number;
  single: boolean;
  runtime: Runtime;
  smoke: boolean;
  argv: string[];
}

const DATABASE = 'cuepoint_bench_shards';
const PREFIX = 'cpshards';
const log = (line: string) => process.stderr.write(`[bench:shards] ${line}\n`);

function parseArgs(argv: string[]): ShardArgs {
  const smoke = argv.includes('--smoke');
  const a: ShardArgs = {
    shards: smoke ? [1, 2] : [1, 2, 4],
    projects: 32,
    workers: 1,
    durationS: smoke ? 2 : 10,
    connections: smoke ? 10 : 50,
    eventsPerRequest: 20,
    single: true,
    runtime: smoke ? 'tsx' : 'dist',
    smoke,
    argv,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i] ?? '';
    const positive = (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${String(flag)} takes a positive integer, not "${text}"`);
      return n;
    };
    if (flag === '--smoke') continue;
    else if (flag === '--shards') a.shards = value().split(',').map(positive);
    else if (flag === '--projects') a.projects = positive(value());
    else if (flag === '--workers') a.workers = positive(value());
    else if (flag === '--duration') a.durationS = positive(value());
    else if (flag === '--connections') a.connections = positive(value());
    else if (flag === '--events-per-request') a.eventsPerRequest = positive(value());
    else if (flag === '--no-single') a.single = false;
    else if (flag === '--runtime') {
      const v = value();
      if (v !== 'dist' && v !== 'tsx') throw new Error('--runtime takes dist or tsx');
      a.runtime = v;
    } else throw new Error(`unknown argument ${String(flag)}`);
  }
  return a;
}

async function run(args: ShardArgs, started: number): Promise<string> {
  if (args.runtime === 'dist') {
    log('building dist/ if the sources changed');
    await runToEnd('node', ['scripts/build-if-changed.mjs']);
  }
  log('starting a local 3-master Redis Cluster');
  const cluster: LocalCluster = await startLocalCluster();
  onInterrupt(() => cluster.stop());
  // The reference single Redis is private too (the machine's own is shared by whatever else runs), with the cluster's AOF settings.
  const singleDir = mkdtempSync(join(os.tmpdir(), 'cuepoint-single-redis-'));
  let single: PrivateRedis | undefined;
  try {
    const clusterTarget: RedisTarget = { url: cluster.url, cluster: true, servers: cluster.ports.map((p) => `127.0.0.1:${p}`) };
    if (args.single) {
      const started = await PrivateRedis.start(singleDir, await freePort());
      single = started;
      onInterrupt(() => started.kill());
    }
    const layouts: { label: string; shards: number; redis: RedisTarget }[] = [
      ...(single ? [{ label: '1 shard, single Redis', shards: 1, redis: { url: single.url, cluster: false, servers: [`127.0.0.1:${single.port}`] } }] : []),
      ...args.shards.map((shards) => ({ label: `${shards} shard${shards === 1 ? '' : 's'}, 3-master cluster`, shards, redis: clusterTarget })),
    ];
    const rounds: RoundFigures[] = [];
    for (const layout of layouts) {
      log(`${layout.label}: ${args.durationS} s per load, ${args.projects} projects, 1 web + ${args.workers} worker`);
      rounds.push(
        await measureRound({
          ...layout,
          runtime: args.runtime,
          database: DATABASE,
          databaseUrl: databaseUrl(DATABASE),
          prefix: PREFIX,
          projects: args.projects,
          workers: args.workers,
          connections: args.connections,
          durationS: args.durationS,
          eventsPerRequest: args.eventsPerRequest,
        }),
      );
    }
    const command = `npm run bench:shards${args.argv.length ? ` -- ${args.argv.join(' ')}` : ''}`;
    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    return [
      '# Ingest queue shards on a Redis Cluster',
      '',
      `Command: \`${command}\`. Machine: ${os.cpus().length} cores (${cpu}), shared by the load client, 1 web, ${args.workers} worker, ` +
        'PostgreSQL and every Redis server, so events/s here is what this one machine does, and CPU per event is what the prediction uses.',
      `Run at ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s in all; load average at the end ` +
        `${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min).`,
      '',
      `Each request carries ${args.eventsPerRequest} events for one of ${args.projects} projects in turn; a project's jobs go to the shard ` +
        'SHA-256 of its id picks. The cluster is three `redis-server --cluster-enabled yes` masters on loopback with AOF on ' +
        '(everysec); the single Redis is a private `redis-server` with the same settings. Redis CPU is each server’s user + system time from /proc, ' +
        'its commands INFO’s total_commands_processed. Web, worker and PostgreSQL CPU are measured as in `npm run bench`.',
      '',
      roundsTable(rounds),
      '',
      predictionSection(rounds),
    ].join('\n');
  } finally {
    await stopAllChildren();
    await cluster.stop();
    await single?.shutdown();
    rmSync(singleDir, { recursive: true, force: true });
    await dropDatabase(DATABASE).catch(() => undefined);
  }
}

const started = performance.now();
const args = parseArgs(process.argv.slice(2));
// The 20-event run is the reference; another request size keeps its own file beside it.
const file = args.eventsPerRequest === 20 ? 'RESULTS-shards.md' : `RESULTS-shards-${args.eventsPerRequest}-per-request.md`;
runBenchMain(() => run(args, started), args.smoke ? undefined : new URL(`./${file}`, import.meta.url));
