import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { startWeb, type WebServer } from '../../../api/server.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE, type IngestQueueData } from '../../../shared/queue/contract.js';
import { cityDb, TEST_IPS } from '../../helpers/geoDatabases.js';
import { spawnRole, stopRole, waitFor } from '../../helpers/processes.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SHOP = 'https://shop.example';
/** The two client addresses; the test fails if either string turns up anywhere after the web process. */
const SECRETS = [TEST_IPS.lyon, TEST_IPS.osaka];

interface PlaceRow {
  event_id: string;
  country: string | null;
  region: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  language: string | null;
}

describe('places end to end: an address resolved by a test city database, then found nowhere', function () {
  this.timeout(60_000);
  let dir: string;
  let t: TestEnv;
  let web: WebServer;
  let worker: ChildProcess | undefined;
  let redis: RedisClient;
  let queue: Queue<IngestQueueData>;
  let project: CreatedProject;
  const logs: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-places-'));
    const cityPath = join(dir, 'city.mmdb');
    writeFileSync(cityPath, cityDb());
    // One proxy hop: req.ip is the address the proxy appended to X-Forwarded-For.
    t = await createTestEnv({ PORT: '0', TRUST_PROXY_HOPS: '1', GEOIP_CITY_DB: cityPath, LOG_LEVEL: 'trace' });
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Shop', timezone: 'Europe/Paris', allowedOrigins: [SHOP] });
    await orm.close();
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    web = await startWeb(t.config, pino({ level: 'trace' }, capture));
    redis = createRedis(t.config, 'plain');
    queue = new Queue<IngestQueueData>(INGEST_QUEUE, { connection: redis, prefix: t.config.redis.prefix });
  });
  after(async () => {
    if (worker) await stopRole(worker);
    await web.close();
    await queue.close();
    await redis.quit();
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(ip: string, body: unknown, language = 'fr-FR,fr;q=0.9,en;q=0.8'): Promise<number> {
    const res = await fetch(`${web.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': UA, 'accept-language': language, 'x-forwarded-for': ip },
      body: typeof body === 'string' ? body : JSON.stringify({ key: project.writeKey, ...(body as object) }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  const visitorId = randomUUID();
  const sessionId = randomUUID();
  const event = (type: string, extra: Record<string, unknown>) => ({ id: randomUUID(), type, ts: Date.now() - 5000, visitorId, sessionId, ...extra });
  const fromLyon = [event('page_view', { url: `${SHOP}/p/1` }), event('impression', { url: `${SHOP}/p/1` })];
  const fromOsaka = event('page_view', { url: `${SHOP}/p/2`, sessionId: randomUUID() });

  it('when events arrive from a known address then the job carries the place and language, and no address', async () => {
    expect(await post(TEST_IPS.lyon, { events: fromLyon })).to.equal(202);
    expect(await post(TEST_IPS.osaka, { events: [fromOsaka] }, 'ja')).to.equal(202);
    // Refused requests from the same addresses go through the error paths (and their logs) too.
    expect(await post(TEST_IPS.lyon, '{"not json')).to.equal(400);
    expect(await post(TEST_IPS.lyon, { events: [event('video_progress', { videoId: 'v', slotId: 's', playId: randomUUID(), percent: 33 })] })).to.equal(400);

    const jobs = await queue.getJobs(['waiting']);
    const requests = jobs.flatMap((j) => (j.data.v === 2 ? j.data.requests : [j.data]));
    const lyon = requests.find((r) => r.events.some((e) => e.id === fromLyon[0]!.id));
    expect(lyon?.context).to.deep.include({ country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', latitude: 45.75, longitude: 4.85, language: 'fr' });
    expect(lyon?.context.ipPrefix).to.equal(null);

    const everything = await redisDump(redis, `${t.config.redis.prefix}:*`);
    expect(everything).to.include('Auvergne-Rhône-Alpes');
    for (const ip of SECRETS) expect(everything, `Redis holds ${ip}`).not.to.include(ip);
  });

  it('when a worker stores them then events have the place, and no table, log line or Redis key holds the address', async () => {
    worker = spawnRole('worker/main.ts', { ...t.env, LOG_LEVEL: 'trace' });
    worker.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
    worker.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));

    const rows = await waitFor(async () => {
      const { rows } = await t.pool.query<PlaceRow>('select event_id, country, region, city, latitude, longitude, language from events');
      return rows.length === 3 ? rows : undefined;
    }, 20_000, '3 stored events');
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const lyon = { country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', latitude: 45.75, longitude: 4.85, language: 'fr' };
    expect(byId.get(fromLyon[0]!.id)).to.deep.include(lyon);
    expect(byId.get(fromLyon[1]!.id)).to.deep.include(lyon);
    expect(byId.get(fromOsaka.id)).to.deep.include({ country: 'JP', region: 'Ōsaka', city: 'Osaka', latitude: 34.69, longitude: 135.5, language: 'ja' });

    // Every row of every table of the database, as text: events, sessions, dead letters and the rest.
    const { rows: tables } = await t.pool.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public'`,
    );
    expect(tables.map((r) => r.name)).to.include.members(['public.events', 'public.sessions', 'public.dead_letters']);
    let stored = '';
    for (const { name } of tables) {
      const { rows: text } = await t.pool.query<{ row: string }>(`select t::text as row from ${name} t`);
      stored += text.map((r) => r.row).join('\n');
    }
    expect(stored).to.include('Lyon');
    for (const ip of SECRETS) expect(stored, `PostgreSQL holds ${ip}`).not.to.include(ip);

    const everything = await redisDump(redis, `${t.config.redis.prefix}:*`);
    for (const ip of SECRETS) expect(everything, `Redis holds ${ip}`).not.to.include(ip);

    // The logs did capture this run (trace level, both processes), and name no address.
    const logText = logs.join('');
    expect(logText).to.include('web listening');
    for (const ip of SECRETS) expect(logText, `a log line holds ${ip}`).not.to.include(ip);
  });
});

/** Every value under the prefix, whatever its type, as one string to search. */
async function redisDump(redis: RedisClient, pattern: string): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', '500');
    cursor = next;
    for (const key of keys) {
      parts.push(key);
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
  } while (cursor !== '0');
  return parts.join('\n');
}
