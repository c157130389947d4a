import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config, type Env } from '../../shared/config.js';
import { migrate } from '../../shared/db/migrate.js';
import { createLogger } from '../../shared/logger.js';
import { resolveServices, type ResolvedServices } from '../../shared/local/services.js';
import { createRedis } from '../../shared/queue/connection.js';
import { masters } from '../../shared/queue/redisClient.js';

/**
 * Finds (or starts) PostgreSQL and Redis once per test run and builds a migrated template
 * database; every test then copies the template (`CREATE DATABASE … TEMPLATE`), which is
 * far faster than migrating each time.
 *
 * In a parallel run the main process builds them once (`shareWithWorkers`) and hands them to
 * the worker processes through the environment; a worker only borrows them and never drops
 * the template, since it runs many files and the others still need it.
 */
interface Shared {
  base: Config;
  adminUrl: string;
  template: string;
  /** Absent where the servers and template belong to another process. */
  services?: ResolvedServices;
}

const HANDED_DOWN = 'CUEPOINT_TEST_SHARED';

let shared: Promise<Shared> | undefined;

export const silentLog = createLogger({ logLevel: 'silent' }, 'test');

export function sharedServices(): Promise<Shared> {
  shared ??= borrowed() ?? setUp();
  return shared;
}

/** Builds the shared servers and template now and publishes them to processes started after. */
export async function shareWithWorkers(): Promise<void> {
  const s = await sharedServices();
  process.env[HANDED_DOWN] = JSON.stringify({ adminUrl: s.adminUrl, template: s.template, redisUrl: s.base.redis.url ?? '' });
}

function borrowed(): Promise<Shared> | undefined {
  const raw = process.env[HANDED_DOWN];
  if (!raw) return undefined;
  const { adminUrl, template, redisUrl } = JSON.parse(raw) as { adminUrl: string; template: string; redisUrl: string };
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: adminUrl, REDIS_URL: redisUrl });
  return Promise.resolve({ base, adminUrl, template });
}

async function setUp(): Promise<Shared> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOCAL_DATA_DIR: '.cuepoint/test' });
  const services = await resolveServices(config, silentLog, { database: 'postgres' });
  const adminUrl = withDatabase(services.config.database.url ?? '', 'postgres');
  const template = `cp_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(adminUrl, `create database ${template}`);
  await migrate({ database: { ...services.config.database, url: withDatabase(adminUrl, template) } });
  return { base: services.config, adminUrl, template, services };
}

/** Drops the template and stops any server this process started; called once after all tests. */
export async function tearDownSharedServices(): Promise<void> {
  if (!shared) return;
  const s = await shared;
  shared = undefined;
  if (!s.services) return;
  await admin(s.adminUrl, `drop database if exists ${s.template} with (force)`);
  await s.services.stop();
}

export interface TestEnv {
  /** Config pointing at a fresh database and a fresh Redis key prefix. */
  config: Config;
  /** Environment for child processes (same database and prefix). */
  env: Record<string, string>;
  pool: pg.Pool;
  /** Drops the database and deletes the Redis keys this test made. */
  cleanup(): Promise<void>;
}

export async function createTestEnv(overrides: Partial<Record<keyof Env, string>> = {}): Promise<TestEnv> {
  const s = await sharedServices();
  const id = randomBytes(5).toString('hex');
  const database = `cp_t_${id}`;
  await admin(s.adminUrl, `create database ${database} template ${s.template}`);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabase(s.adminUrl, database),
    REDIS_URL: s.base.redis.url ?? '',
    QUEUE_PREFIX: `cpt-${id}`,
    WORKER_LOCK_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    ...overrides,
  };
  const config = loadConfig(env);
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
  return {
    config,
    env,
    pool,
    cleanup: async () => {
      await pool.end();
      await deleteRedisPrefix(config);
      await dropWhenIdle(s.adminUrl, database);
    },
  };
}

/**
 * Drops a test database once the test's own connections are gone. A pg pool's `end()` resolves
 * before its clients' sockets have closed; forcing the drop at that moment terminates a client
 * still closing, whose error then escapes as an uncaught one in the next hook. Connections left
 * by killed processes (fault tests) are forced out after two seconds.
 */
export async function dropWhenIdle(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let waited = 0; waited < 2000; waited += 50) {
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1`, [database]);
      if ((rows[0]?.n ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists ${database} with (force)`);
  } finally {
    await client.end();
  }
}

/** Every master is scanned (a cluster's SCAN sees one node); keys go one by one, as slots differ. */
export async function deleteRedisPrefix(config: Config): Promise<void> {
  const redis = createRedis(config, 'plain');
  try {
    for (const node of await masters(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${config.redis.prefix}:*`, 'COUNT', 1000);
        if (keys.length) await keys.reduce((p, key) => p.unlink(key), node.pipeline()).exec();
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on its own connection (databases are created and dropped outside any pool). */
export async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
