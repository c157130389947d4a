import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { CLUSTER_PIDS } from '../scaling/clusterProtocol.js';
import { spawnNode, stopChild, type Spawned } from './processes.js';

/** `dist`: the compiled files the Procfile runs; `tsx`: the sources, when the build is broken. */
export type Runtime = 'dist' | 'tsx';

export interface RoleSettings {
  runtime: Runtime;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** Further settings every process of the run gets (the shard bench's REDIS_CLUSTER and QUEUE_SHARDS). */
  env?: Record<string, string>;
}

/** A set of processes of one role; `pids` are the ones doing the work (cluster workers, not the primary). */
export interface RunningRole {
  url: string;
  pids: number[];
  /** What their PostgreSQL connections are called in pg_stat_activity; undefined for servers that hold none. */
  applicationName?: string;
  stop(): Promise<void>;
}

/**
 * The Node flags the Procfile gives a role (`web: node --flag … dist/api/main.js`), so the
 * bench measures the memory and CPU of the processes as deployed, heap limits included.
 */
export function procfileNodeFlags(procfile: string, role: 'web' | 'worker'): string[] {
  const line = procfile.split('\n').find((l) => l.startsWith(`${role}:`));
  const words = line?.slice(role.length + 1).trim().split(/\s+/) ?? [];
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

/** PostgreSQL keeps 63 bytes of an application_name. */
const APPLICATION_NAME_MAX = 63;

/**
 * The application_name of one role's connections in this run: the role, then the run's Redis
 * prefix (one per --db), so that the backends of two benchmarks on one server are told apart.
 */
export function applicationName(role: 'web' | 'worker', s: RoleSettings): string {
  return `cuepoint-${role}-${s.prefix}`.slice(0, APPLICATION_NAME_MAX);
}

function entryArgs(runtime: Runtime, role: 'api' | 'worker'): { file: string; execArgv: string[] } {
  const flags = procfileNodeFlags(readFileSync('Procfile', 'utf8'), role === 'api' ? 'web' : 'worker');
  return runtime === 'dist'
    ? { file: `dist/${role}/main.js`, execArgv: flags }
    : { file: `${role}/main.ts`, execArgv: [...flags, '--import', 'tsx'] };
}

/**
 * The environment of a production process, with the two limits a load test must lift:
 * the per-key and per-IP rate limits are raised far above the load (not disabled, so the
 * Redis check still runs on every request, as in production).
 */
function roleEnv(s: RoleSettings, role: 'web' | 'worker', extra: Record<string, string> = {}): Record<string, string> {
  return {
    // node-postgres names every connection it opens (the ORM's too) after PGAPPNAME, as libpq does.
    PGAPPNAME: applicationName(role, s),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    QUEUE_PREFIX: s.prefix,
    RATE_LIMIT_PER_KEY: '100000000',
    RATE_LIMIT_PER_IP: '100000000',
    RATE_LIMIT_SECRET: 'bench-only-secret-0123456789abcdef0123456789',
    ...s.env,
    ...extra,
  };
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** One web process, or `count` of them sharing one port through node:cluster; `nodeArgs` (such as `--cpu-prof`) only for one. */
export async function startWebRole(s: RoleSettings, count: number, nodeArgs: string[] = []): Promise<RunningRole> {
  const port = await freePort();
  const env = roleEnv(s, 'web', { PORT: String(port) });
  const { file, execArgv } = entryArgs(s.runtime, 'api');
  let spawned: Spawned;
  let pids: number[];
  if (count === 1) {
    spawned = spawnNode([...nodeArgs, ...execArgv, file], env);
    pids = [spawned.child.pid ?? 0];
  } else {
    spawned = spawnNode(['--import', 'tsx', 'bench/scaling/webCluster.ts', String(count), file, ...execArgv], env);
    pids = JSON.parse((await spawned.line(CLUSTER_PIDS)).slice(CLUSTER_PIDS.length)) as number[];
  }
  await spawned.line('"web started"', 60_000, count);
  return { url: `http://127.0.0.1:${port}`, pids, applicationName: applicationName('web', s), stop: () => stopChild(spawned.child) };
}

/** `count` independent worker processes, as `worker` dynos scale. */
export async function startWorkerRole(s: RoleSettings, count: number): Promise<RunningRole> {
  const { file, execArgv } = entryArgs(s.runtime, 'worker');
  const spawned = Array.from({ length: count }, () => spawnNode([...execArgv, file], roleEnv(s, 'worker')));
  await Promise.all(spawned.map((w) => w.line('"worker started"')));
  return {
    url: '',
    pids: spawned.map((w) => w.child.pid ?? 0),
    applicationName: applicationName('worker', s),
    stop: async () => {
      await Promise.all(spawned.map((w) => stopChild(w.child)));
    },
  };
}
