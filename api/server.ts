import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { initOrm } from '../shared/db/orm.js';
import { createPool } from '../shared/db/pool.js';
import type { Running } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { createRedis } from '../shared/queue/connection.js';
import { INGEST_QUEUE, type IngestQueueData } from '../shared/queue/contract.js';
import { checkRedisSafety } from '../shared/queue/redisSafety.js';
import { createApp } from './app.js';
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

/** How long start-up waits for Redis before giving up (the platform restarts the process). */
const REDIS_START_TIMEOUT_MS = 10_000;
/** Bounds slow-loris bodies; an honest 500 KB upload takes well under this. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 20_000;

/**
 * The web role: connections, the config cache and the backlog poller, then the listening
 * socket. `close()` stops accepting, lets in-flight requests (and their enqueues) finish,
 * then closes Redis and PostgreSQL.
 */
export async function startWeb(config: Config, log: Logger): Promise<WebServer> {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: unknown) => log.warn({ err }, 'close failed'));
  };
  try {
    const orm = await initOrm(config);
    closers.push(() => orm.close());
    const pool = createPool(config);
    closers.push(() => pool.end());

    const producer = createRedis(config, 'producer');
    closers.push(() => quit(producer));
    producer.on('error', (err: Error) => log.debug({ err }, 'producer Redis error'));
    const queue = new Queue<IngestQueueData>(INGEST_QUEUE, { connection: producer, prefix: config.redis.prefix });
    closers.push(() => queue.close());
    queue.on('error', (err: Error) => log.debug({ err }, 'ingest queue error'));
    await withTimeout(queue.waitUntilReady(), REDIS_START_TIMEOUT_MS, 'Redis did not answer at start');
    await checkRedisSafety(producer, log);

    const cache = new ProjectCache(snapshotLoader(orm), { reloadMs: config.ingest.configReloadMs, log });
    await cache.start();
    closers.push(() => cache.close());
    const subscriber = createRedis(config, 'plain');
    closers.push(() => quit(subscriber));
    subscriber.on('error', (err: Error) => log.debug({ err }, 'subscriber Redis error'));
    await cache.subscribe(subscriber, config.redis.prefix);

    const backlog = new BacklogMonitor(queue, {
      maxJobs: config.ingest.backlogMaxJobs,
      pollMs: config.ingest.backlogPollMs,
      log,
    });
    await backlog.start();
    closers.push(() => backlog.stop());

    const limiter = new RateLimiter(producer, { prefix: config.redis.prefix, ...config.rateLimit });
    if (config.rateLimit.perIp > 0 && config.rateLimit.secret === undefined) {
      log.warn('RATE_LIMIT_SECRET is unset: using a random secret, so each web process counts RATE_LIMIT_PER_IP on its own');
    }
    const limits = new IngestLimits(limiter);
    const enqueuer = new Enqueuer(queue);
    const app = createApp({ config, log, orm, pool, redis: producer, cache, enqueuer, backlog, limits });
    const http = await listen(app, config.port);
    log.info({ port: http.port }, 'web listening');

    let closing: Promise<void> | undefined;
    const close = async () => {
      await http.close();
      // Responses already waited for their jobs; this catches any enqueue left behind.
      await enqueuer.drain();
      await closeAll();
    };
    return {
      url: `http://127.0.0.1:${http.port}`,
      port: http.port,
      // Idempotent: a second SIGTERM or a test's cleanup waits for the same shutdown.
      close: () => (closing ??= close()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

interface Listening {
  port: number;
  /** Stops accepting, waits for in-flight requests, then closes every connection. */
  close(): Promise<void>;
}

function listen(app: ReturnType<typeof createApp>, port: number): Promise<Listening> {
  let inFlight = 0;
  let closing = false;
  let idle: (() => void) | undefined;
  const server: Server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS });
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

async function quit(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
