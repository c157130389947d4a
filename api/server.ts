import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../shared/config.js';
import { initOrm } from '../shared/db/orm.js';
import { createPool, createReadPool } from '../shared/db/pool.js';
import { webPoolSizes } from '../shared/db/poolBudget.js';
import type { Running } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { createRedis } from '../shared/queue/connection.js';
import { IngestQueues } from '../shared/queue/ingestQueues.js';
import { shardLayout } from '../shared/queue/shards.js';
import { checkRedisSafety } from '../shared/queue/redisSafety.js';
import { closeRedis, Resources, withTimeout } from '../shared/resources.js';
import { createApp } from './app.js';
import { openGeoLookup } from './geo/openGeoLookup.js';
import { answerClientError } from './http/clientError.js';
import { BacklogMonitor } from './ingest/BacklogMonitor.js';
import { Enqueuer } from './ingest/Enqueuer.js';
import { IngestLimits } from './ingest/IngestLimits.js';
import { RateLimiter } from './ingest/RateLimiter.js';
import { ProjectCache } from './projects/ProjectCache.js';
import { snapshotLoader } from './projects/snapshot.js';

export interface WebServer extends Running {
  url: string;
  port: number;
}

/** Bounds slow-loris bodies; an honest 500 KB upload takes well under this. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Socket timeouts: keep-alive as configured (above the load balancer's idle timeout), headers
 * above it as load balancer guides ask, and the whole request at least that (Node refuses a
 * headers timeout above the request timeout).
 */
export function socketTimeouts(keepAliveTimeoutMs: number): { keepAliveTimeout: number; headersTimeout: number; requestTimeout: number } {
  const headersTimeout = keepAliveTimeoutMs + 1000;
  return { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout, requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout) };
}

/**
 * The web role: connections, the config cache and the backlog poller, then the listening
 * socket. `close()` stops accepting, lets in-flight requests (and their enqueues) finish,
 * then closes Redis and PostgreSQL.
 */
export async function startWeb(config: Config, log: Logger): Promise<WebServer> {
  const resources = new Resources(log);
  return resources.start(async () => {
    // First: a wrong GEOIP_CITY_DB path should stop the start before any connection is opened.
    const geo = await openGeoLookup(config.geo);
    const pools = webPoolSizes(config.database.poolMax, config.database.readUrl !== undefined);
    const orm = resources.add('orm', await initOrm(config, pools.orm), (o) => o.close());
    const pool = resources.add('pool', createPool(config, pools.stats), (p) => p.end());
    const replica = createReadPool(config, pools.reads);
    const readPool = replica ? resources.add('read replica pool', replica, (p) => p.end()) : pool;

    const producer = resources.add('producer Redis', createRedis(config, 'producer'), closeRedis);
    producer.on('error', (err: Error) => log.debug({ err }, 'producer Redis error'));
    const queue = resources.add('ingest queues', new IngestQueues(producer, config.redis.prefix, shardLayout(config)), (q) => q.close());
    queue.on('error', (err: Error) => log.debug({ err }, 'ingest queue error'));
    await withTimeout(queue.waitUntilReady(), config.redis.startTimeoutMs, 'Redis did not answer at start');
    await checkRedisSafety(producer, log);

    const cache = new ProjectCache(snapshotLoader(orm), { reloadMs: config.ingest.configReloadMs, log });
    await cache.start();
    resources.defer('project cache', () => cache.close());
    const subscriber = resources.add('subscriber Redis', createRedis(config, 'plain'), closeRedis);
    subscriber.on('error', (err: Error) => log.debug({ err }, 'subscriber Redis error'));
    await withTimeout(cache.subscribe(subscriber, config.redis.prefix), config.redis.startTimeoutMs, 'Redis did not answer at start');

    const backlog = new BacklogMonitor(queue, {
      maxJobs: config.ingest.backlogMaxJobs,
      pollMs: config.ingest.backlogPollMs,
      log,
    });
    await backlog.start();
    resources.defer('backlog monitor', () => backlog.stop());

    const limiter = new RateLimiter(producer, { prefix: config.redis.prefix, ...config.rateLimit });
    if (config.rateLimit.perIp > 0 && config.rateLimit.secret === undefined) {
      log.warn('RATE_LIMIT_SECRET is unset: using a random secret, so each web process counts RATE_LIMIT_PER_IP on its own');
    }
    const limits = new IngestLimits(limiter);
    const enqueuer = new Enqueuer(queue);
    const app = createApp({ config, log, orm, pool, readPool, redis: producer, cache, enqueuer, backlog, limits, geo });
    const http = await listen(app, config.port, config.http);
    // Responses already waited for their jobs; draining catches any enqueue left behind.
    resources.defer('enqueuer', () => enqueuer.drain());
    resources.defer('http server', () => http.close());
    log.info({ port: http.port }, 'web listening');

    return {
      url: `http://127.0.0.1:${http.port}`,
      port: http.port,
      // Idempotent: a second SIGTERM or a test's cleanup waits for the same shutdown.
      close: () => resources.closeAll(),
    };
  });
}

interface Listening {
  port: number;
  /** Stops accepting, waits for in-flight requests, then closes every connection. */
  close(): Promise<void>;
}

function listen(app: ReturnType<typeof createApp>, port: number, http: Config['http']): Promise<Listening> {
  let inFlight = 0;
  let closing = false;
  let idle: (() => void) | undefined;
  const server: Server = createServer(socketTimeouts(http.keepAliveTimeoutMs));
  // Counted before the app sees the request, so close() knows what it must wait for.
  server.on('request', (_req, res) => {
    inFlight += 1;
    if (closing) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
  });
  server.on('request', app);
  // Parser-level refusals answer in the API's JSON error shape, not Node's bare status line.
  server.on('clientError', answerClientError);
  // An unknown Expect value is ignored (RFC 9110 allows it) rather than a bare 417 from Node.
  server.on('checkExpectation', (req, res) => server.emit('request', req, res));

  const close = async () => {
    closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    // Keep-alive sockets that went idle after close() began.
    server.closeAllConnections();
    await closed;
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve({ port: (server.address() as AddressInfo).port, close });
    });
  });
}
