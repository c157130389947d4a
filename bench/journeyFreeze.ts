/**
 * What a journey costs: (1) the time from a promote's 202 to its frozen journey on an idle
 * system, the promote carrying a visitor's 20 events posted just before it; (2) one look at the
 * ingest queue (`hasIngestJobsAtOrBelow`) with WAITING jobs queued, both when the oldest waiting
 * job is at or below the mark (the quick look answers) and when none is (the whole list is read).
 *
 *   node --import tsx bench/journeyFreeze.ts [PROMOTES] [WAITING]    (default: 50 100000)
 */
import { randomUUID } from 'node:crypto';
import { QueueKeys } from 'bullmq';
import { startWeb } from '../api/server.js';
import { initOrm } from '../shared/db/orm.js';
import { createProject } from '../shared/projects/createProject.js';
import { createRedis } from '../shared/queue/connection.js';
import { INGEST_QUEUE } from '../shared/queue/contract.js';
import { createTestEnv, silentLog, tearDownSharedServices } from '../test/helpers/services.js';
import { hasIngestJobsAtOrBelow } from '../worker/journeys/ingestBacklog.js';
import { startWorker } from '../worker/server.js';

const PROMOTES = Number(process.argv[2] ?? 50);
const WAITING = Number(process.argv[3] ?? 100_000);
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;

async function promoteToFrozen(): Promise<number[]> {
  const t = await createTestEnv({ PORT: '0' });
  const orm = await initOrm(t.config);
  const project = await createProject(orm.em.fork(), { name: 'Bench', timezone: 'UTC' });
  await orm.close();
  const web = await startWeb(t.config, silentLog);
  const worker = await startWorker(t.config, silentLog);
  const post = (path: string, body: unknown) =>
    fetch(`${web.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': UA }, body: JSON.stringify({ key: project.writeKey, ...(body as object) }) });
  const times: number[] = [];
  try {
    for (let i = 0; i < PROMOTES; i++) {
      const visitorId = randomUUID();
      const sessionId = randomUUID();
      const events = Array.from({ length: 20 }, (_, k) => ({ id: randomUUID(), type: 'page_view', ts: Date.now() - 60_000 + k, visitorId, sessionId, url: `https://shop.example/p/${k}` }));
      if ((await post('/v1/events', { events })).status !== 202) throw new Error('ingest refused');
      const answer = await post('/v1/journeys/promote', { visitorId, email: `v${i}@example.com` });
      const { journeyId } = (await answer.json()) as { journeyId: string };
      const accepted = performance.now();
      for (;;) {
        const { rows } = await t.pool.query<{ state: string; event_count: number }>('select state, event_count from journeys where id = $1', [journeyId]);
        if (rows[0]?.state !== 'pending') {
          if (rows[0]?.event_count !== 20) throw new Error(`journey holds ${rows[0]?.event_count} events`);
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - accepted);
    }
  } finally {
    await worker.close();
    await web.close();
    await t.cleanup();
  }
  return times;
}

async function backlogLooks(): Promise<{ quickMs: number; wholeMs: number }> {
  const t = await createTestEnv();
  const redis = createRedis(t.config, 'plain');
  const wait = new QueueKeys(t.config.redis.prefix).toKey(INGEST_QUEUE, 'wait');
  try {
    // Job ids as BullMQ pushes them: the newest at the head, the oldest (1) at the tail.
    for (let from = 1; from <= WAITING; from += 10_000) {
      const ids = Array.from({ length: Math.min(10_000, WAITING - from + 1) }, (_, k) => String(from + k));
      await redis.lpush(wait, ...ids);
    }
    const time = async (mark: number, expected: boolean) => {
      const runs: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        if ((await hasIngestJobsAtOrBelow(redis, t.config.redis.prefix, mark)) !== expected) throw new Error('wrong answer');
        runs.push(performance.now() - started);
      }
      return median(runs);
    };
    return { quickMs: await time(WAITING, true), wholeMs: await time(0, false) };
  } finally {
    redis.disconnect();
    await t.cleanup();
  }
}

const times = await promoteToFrozen();
console.log(`promote 202 -> frozen (${PROMOTES} promotes, 20 events posted just before each): median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms`);
const looks = await backlogLooks();
console.log(`one look at ${WAITING} waiting ingest jobs: ${looks.quickMs.toFixed(2)} ms when the oldest is before the mark, ${looks.wholeMs.toFixed(2)} ms reading the whole list`);
await tearDownSharedServices();
