import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createDatabaseIfMissing, startEmbeddedPostgres, type StartedServer } from './embeddedPostgres.js';
import { probePostgres, probeRedis } from './probe.js';
import { MissingDependencyError, startRedisServer } from './redisServer.js';

export { MissingDependencyError };

const DEFAULT_PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/cuepoint';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

export interface ResolvedServices {
  config: Config;
  /** Stops whatever this process started; servers found running are left alone. */
  stop(): Promise<void>;
}

/**
 * Zero-setup local run: configured URLs are used as given; otherwise a server on the default
 * port is used if one answers, else an embedded PostgreSQL / a child redis-server is started
 * with data under LOCAL_DATA_DIR.
 */
export interface ResolveOptions {
  database?: string;
  /** false: only look for servers on the default ports (role processes never start servers). */
  startServers?: boolean;
}

export async function resolveServices(config: Config, log: Logger, options: ResolveOptions = {}): Promise<ResolvedServices> {
  const database = options.database ?? 'cuepoint';
  const startServers = options.startServers ?? true;
  const started: StartedServer[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const databaseUrl = config.database.url ?? (await localPostgres(config, log, database, startServers, started));
    const redisUrl = config.redis.url ?? (await localRedis(config, log, startServers, started));
    return {
      config: { ...config, database: { ...config.database, url: databaseUrl }, redis: { ...config.redis, url: redisUrl } },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function localPostgres(
  config: Config,
  log: Logger,
  database: string,
  startServers: boolean,
  started: StartedServer[],
): Promise<string> {
  const probe = await probePostgres(DEFAULT_PG_ADMIN);
  if (probe === 'ok') {
    await createDatabaseIfMissing(DEFAULT_PG_ADMIN, database);
    log.info('using the PostgreSQL server on 127.0.0.1:5432');
    return database === 'cuepoint' ? DEFAULT_PG : DEFAULT_PG.replace(/\/cuepoint$/, `/${database}`);
  }
  if (probe === 'error') {
    throw new MissingDependencyError('A PostgreSQL server answers on 127.0.0.1:5432 but refused user postgres: set DATABASE_URL.');
  }
  // A local run started earlier (`npm start`) may already own the embedded server.
  const embeddedUrl = `postgres://postgres:cuepoint@127.0.0.1:${config.local.pgPort}/${database}`;
  if ((await probePostgres(embeddedUrl)) === 'ok') return embeddedUrl;
  if (!startServers) throw new MissingDependencyError('No PostgreSQL answers on 127.0.0.1:5432: set DATABASE_URL or run `npm start`.');
  log.info({ port: config.local.pgPort, dir: config.local.dataDir }, 'starting an embedded PostgreSQL');
  const server = await startEmbeddedPostgres(config.local.dataDir, config.local.pgPort, database);
  started.push(server);
  return server.url;
}

async function localRedis(config: Config, log: Logger, startServers: boolean, started: StartedServer[]): Promise<string> {
  if ((await probeRedis(DEFAULT_REDIS)) === 'ok') {
    log.info('using the Redis server on 127.0.0.1:6379');
    return DEFAULT_REDIS;
  }
  const localUrl = `redis://127.0.0.1:${config.local.redisPort}`;
  if ((await probeRedis(localUrl)) === 'ok') return localUrl;
  if (!startServers) throw new MissingDependencyError('No Redis answers on 127.0.0.1:6379: set REDIS_URL or run `npm start`.');
  log.info({ port: config.local.redisPort, dir: config.local.dataDir }, 'starting redis-server with AOF');
  const server = await startRedisServer(config.local.dataDir, config.local.redisPort);
  started.push(server);
  return server.url;
}
