import type { RedisClient } from '../../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Config } from '../../shared/config.js';
import { listEventPartitions } from '../../shared/retention/partitions.js';
import { rollupHealth } from '../../shared/rollup/health.js';
import { withTimeout } from '../../shared/resources.js';
import { pendingDeadLetters } from '../../shared/telemetry/databaseReads.js';
import { QueueDepths } from '../../shared/telemetry/queueDepths.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { judgeDeadLetters, judgePartitions, judgeRollups } from './dataChecks.js';
import { diskSpace, judgeDisk } from './diskCheck.js';
import { judgeMigrations, judgePostgresSettings, judgePostgresVersion, pendingMigrations, readPostgresSettings } from './postgresChecks.js';
import { judgeQueues } from './queueCheck.js';
import { judgeReadReplica, readReadReplica, type ReplicaLagLimits } from './replicaCheck.js';
import { checkClock, checkRedisPersistence } from './redisChecks.js';
import { fail, type CheckResult, type Verdict } from './verdict.js';

export interface DoctorDeps {
  config: Pick<Config, 'redis' | 'local' | 'ingest'> & Partial<Pick<Config, 'scale'>>;
  redis: RedisClient;
  pool: pg.Pool;
  /** The standby of DATABASE_READ_URL, opened as the web process opens it; absent when unset. */
  readPool?: pg.Pool | undefined;
  /** How far behind the standby may be before a warning (defaults: 16 MB or 30 s). */
  replicaLagLimits?: ReplicaLagLimits;
  now?: number;
}

/** A server that does not answer fails its checks instead of hanging the command. */
const CHECK_TIMEOUT_MS = 5000;

/** Every check, in the order an operator would fix things: servers, schema, then the flow of work. */
export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const now = deps.now ?? Date.now();
  const { redis, pool, config } = deps;
  const depths = new QueueDepths(redis, config.redis.prefix, config.scale?.queueShards);
  // Both PostgreSQL checks judge the same read: made once, when the first of them runs.
  let settings: ReturnType<typeof readPostgresSettings> | undefined;
  const postgresSettings = () => (settings ??= readPostgresSettings(pool));
  const checks: [string, () => Promise<Verdict>][] = [
    ['redis', () => checkRedisPersistence(redis)],
    ['postgres-version', async () => judgePostgresVersion(await postgresSettings())],
    ['postgres-settings', async () => judgePostgresSettings(await postgresSettings())],
    ['read-replica', async () => judgeReadReplica(await readReadReplica(pool, deps.readPool), deps.replicaLagLimits)],
    ['migrations', async () => judgeMigrations(await pendingMigrations(pool, MIGRATIONS.map((m) => m.name)), MIGRATIONS.length)],
    ['partitions', async () => judgePartitions(await withClient(pool, listEventPartitions), now)],
    ['clock', () => checkClock(redis, config.redis.prefix, now)],
    ['queues', async () => judgeQueues(await depths.read(now), config.ingest.backlogMaxJobs)],
    ['dead-letters', async () => judgeDeadLetters(await pendingDeadLetters(pool))],
    ['rollups', async () => judgeRollups(await rollupHealth(pool))],
    ['disk', async () => judgeDisk(await diskSpace(config.local.dataDir), config.local.dataDir)],
  ];
  try {
    // One after another: the output reads top to bottom, and a doctor is no load test.
    const results: CheckResult[] = [];
    for (const [check, run] of checks) results.push({ check, ...(await verdictOf(run)) });
    return results;
  } finally {
    await depths.close();
  }
}

async function verdictOf(run: () => Promise<Verdict>): Promise<Verdict> {
  try {
    return await withTimeout(run(), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS / 1000} s`);
  } catch (err) {
    const found = `could not check: ${err instanceof Error ? err.message : String(err)}`;
    // 42P01 undefined_table: the server answers, the schema is not there yet.
    if ((err as { code?: unknown }).code === '42P01') return fail(found, 'apply the migrations: `npx cuepoint migrate`');
    return fail(found, 'check that DATABASE_URL and REDIS_URL point at running servers (`npx cuepoint env`)');
  }
}

async function withClient<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await read(client);
  } finally {
    client.release();
  }
}
