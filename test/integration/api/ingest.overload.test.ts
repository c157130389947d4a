import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { createApp } from '../../../api/app.js';
import { NO_GEO } from '../../../api/geo/GeoLookup.js';
import { BacklogMonitor } from '../../../api/ingest/BacklogMonitor.js';
import { Enqueuer } from '../../../api/ingest/Enqueuer.js';
import { IngestLimits } from '../../../api/ingest/IngestLimits.js';
import { RateLimiter } from '../../../api/ingest/RateLimiter.js';
import { ProjectCache } from '../../../api/projects/ProjectCache.js';
import { snapshotLoader } from '../../../api/projects/snapshot.js';
import type { Config } from '../../../shared/config.js';
import { initOrm, type MikroORM } from '../../../shared/db/orm.js';
import { createPool } from '../../../shared/db/pool.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE, type IngestQueueData } from '../../../shared/queue/contract.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { expectClientError } from './assertions.js';
import { ev, eventually, SHOP, startHarness, type Harness } from './harness.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';

/** A port nothing listens on: bind one, note it, close it. */
async function deadPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * The web app wired by hand around a producer connection the test controls, the way
 * startWeb wires it (startWeb itself refuses to start without Redis).
 */
async function appWithProducer(config: Config, producer: RedisClient, orm: MikroORM) {
  producer.on('error', () => undefined);
  const queue = new Queue<IngestQueueData>(INGEST_QUEUE, { connection: producer, prefix: config.redis.prefix });
  queue.on('error', () => undefined);
  const cache = new ProjectCache(snapshotLoader(orm), { reloadMs: 60_000, log: silentLog });
  await cache.start();
  const backlog = new BacklogMonitor(queue, { maxJobs: 1000, pollMs: 1000, log: silentLog });
  const enqueuer = new Enqueuer(queue, { timeoutMs: 300 });
  // The default per-IP limit is on, so the arrival check meets the unreachable Redis first.
  const limits = new IngestLimits(new RateLimiter(producer, { prefix: config.redis.prefix, ...config.rateLimit }), { timeoutMs: 300 });
  const pool = createPool(config, 2);
  const app = createApp({ config, log: silentLog, orm, pool, redis: producer, cache, enqueuer, backlog, limits, geo: NO_GEO });
  const server: Server = app.listen(0);
  await new Promise<void>((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    queue,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await cache.close();
      await pool.end();
      await queue.close().catch(() => undefined);
      producer.disconnect();
    },
  };
}

async function postOne(url: string, key: string): Promise<{ status: number; retryAfter: string | null; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cuepoint-key': key },
    body: JSON.stringify({ events: [ev.pageView()] }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as Record<string, unknown> };
}

describe('ingest: Redis unavailable', () => {
  let t: TestEnv;
  let orm: MikroORM;
  let project: CreatedProject;
  before(async () => {
    t = await createTestEnv();
    orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Shop', timezone: 'UTC' });
  });
  after(async () => {
    await orm.close();
    await t.cleanup();
  });

  it('when the producer connection is lost then 503 with Retry-After, and the server keeps serving', async () => {
    const producer = createRedis(t.config, 'producer');
    const web = await appWithProducer(t.config, producer, orm);
    try {
      expect((await postOne(web.url, project.writeKey)).status).to.equal(202);
      producer.disconnect();
      const answer = await postOne(web.url, project.writeKey);
      expect(answer.status).to.equal(503);
      expect(answer.retryAfter).to.match(/^\d+$/);
      expect((answer.json.error as { code: string }).code).to.equal('queue_unavailable');
      const ready = await fetch(`${web.url}/readyz`);
      expect(ready.status).to.equal(503);
      expect((await fetch(`${web.url}/healthz`)).status).to.equal(200);
    } finally {
      await web.close();
    }
  });

  it('when Redis never answers then the request gets 503 within the enqueue timeout', async () => {
    const config: Config = { ...t.config, redis: { ...t.config.redis, url: `redis://127.0.0.1:${await deadPort()}` } };
    const web = await appWithProducer(config, createRedis(config, 'producer'), orm);
    try {
      const started = Date.now();
      const answer = await postOne(web.url, project.writeKey);
      expect(answer.status).to.equal(503);
      expect(answer.retryAfter).to.match(/^\d+$/);
      expect(Date.now() - started).to.be.below(2000);
      // Client faults are still told apart from the outage.
      const bad = await fetch(`${web.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
      expect(bad.status).to.equal(400);
    } finally {
      await web.close();
    }
  });
});

describe('ingest: backlog bound', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { BACKLOG_MAX_JOBS: '2', BACKLOG_POLL_MS: '20' } });
  });
  after(async () => {
    await h.close();
  });

  it('when more jobs wait than BACKLOG_MAX_JOBS then 503 with Retry-After until the backlog shrinks', async () => {
    for (let i = 0; i < 3; i++) expect((await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey })).status).to.equal(202);
    let last = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey });
    await eventually(async () => {
      last = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey });
      return last.status === 503;
    }, 1000);
    expectBacklogFull(last);
    // A browser's tracker can read the 503 and its Retry-After.
    const fromPage = await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, origin: SHOP });
    expectBacklogFull(fromPage);
    expect(fromPage.headers.get('access-control-allow-origin')).to.equal(SHOP);
    expect(fromPage.headers.get('access-control-expose-headers')).to.equal('Retry-After');

    // A worker catching up (here: the jobs removed) lifts the bound on the next poll.
    const queue = new Queue(INGEST_QUEUE, { connection: h.redis, prefix: h.t.config.redis.prefix });
    await queue.drain();
    await eventually(async () => (await h.post({ events: [ev.pageView()] }, { key: h.project.writeKey })).status === 202, 1000);
    await queue.close();
  });
});

function expectBacklogFull(answer: Awaited<ReturnType<Harness['post']>>): void {
  // Same JSON error shape as client errors, but a 503 the client should retry.
  expectClientError(answer, 503, 'backlog_full');
  expect(answer.headers.get('retry-after')).to.match(/^\d+$/);
}
