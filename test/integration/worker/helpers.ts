import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type pg from 'pg';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_JOB_NAME, INGEST_QUEUE, type IngestJobData } from '../../../shared/queue/contract.js';
import type { TestEnv } from '../../helpers/services.js';

export const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

export async function insertProject(pool: pg.Pool, timezone: string): Promise<string> {
  const id = randomUUID();
  await pool.query(`insert into projects (id, name, timezone, created_at, updated_at) values ($1, $2, $3, now(), now())`, [id, `p-${timezone}`, timezone]);
  return id;
}

export interface Producer {
  queue: Queue;
  add(jobs: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function producer(t: TestEnv): Promise<Producer> {
  const connection = createRedis(t.config, 'producer');
  const queue = new Queue(INGEST_QUEUE, { connection, prefix: t.config.redis.prefix });
  await queue.waitUntilReady();
  return {
    queue,
    add: async (jobs) => {
      await queue.addBulk(jobs.map((data) => ({ name: INGEST_JOB_NAME, data })));
    },
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}

export function job(projectId: string, events: Record<string, unknown>[], overrides: Partial<IngestJobData> = {}): IngestJobData {
  const receivedAt = overrides.receivedAt ?? Date.parse('2026-03-01T12:00:00Z');
  return {
    v: 1,
    projectId,
    timezone: 'UTC',
    receivedAt,
    sentAt: null,
    context: { userAgent: CHROME, country: 'JP', ipPrefix: null },
    queryAllowlist: [],
    events: events as unknown as IngestJobData['events'],
    ...overrides,
  };
}

/** A valid event of a few common types, at `ts`. */
export function event(type: string, ts: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const base = { id: randomUUID(), type, ts, visitorId: randomUUID(), sessionId: randomUUID() };
  switch (type) {
    case 'video_play':
      return { ...base, videoId: 'v1', slotId: 's1', playId: randomUUID(), ...fields };
    case 'page_view':
    case 'impression':
      return { ...base, url: 'https://shop.example/p', ...fields };
    default:
      return { ...base, ...fields };
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until no job is waiting, active or delayed (completed jobs are removed at once). */
export async function drained(queue: Queue, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    'the queue to drain',
    async () => {
      const c = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(c).every((n) => n === 0);
    },
    timeoutMs,
  );
}

export async function count(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}
