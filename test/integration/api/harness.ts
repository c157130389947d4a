import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { startWeb, type WebServer } from '../../../api/server.js';
import type { Env } from '../../../shared/config.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject, type CreateProjectInput } from '../../../shared/projects/createProject.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { INGEST_QUEUE, type IngestJobData, type IngestQueueData } from '../../../shared/queue/contract.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import type { RedisClient } from '../../../shared/queue/redisClient.js';

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
export const SHOP = 'https://shop.example';

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON body (every answer of this API is JSON or empty). */
  json: Record<string, unknown>;
}

export interface PostOptions {
  /** Defaults to application/json; null sends no Content-Type at all. */
  contentType?: string | null;
  key?: string;
  origin?: string;
  headers?: Record<string, string>;
}

export interface Harness {
  t: TestEnv;
  web: WebServer;
  projects: CreatedProject[];
  /** The first project, the one most tests use. */
  project: CreatedProject;
  /** A plain connection with the test's prefix, for inspection and pub/sub. */
  redis: RedisClient;
  post(body: unknown, options?: PostOptions): Promise<Answer>;
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | Uint8Array }): Promise<Answer>;
  admin(method: string, path: string, body?: unknown, key?: string): Promise<Answer>;
  /** Data of the jobs waiting in the ingest queue (no worker runs in these tests). */
  waitingJobs(): Promise<IngestJobData[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Partial<Record<keyof Env, string>>;
  projects?: CreateProjectInput[];
}

/**
 * A fresh database and Redis prefix, projects created through the same code as the CLI,
 * then a real web process on an ephemeral port.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const t = await createTestEnv({ PORT: '0', ...options.env });
  const orm = await initOrm(t.config);
  const projects: CreatedProject[] = [];
  try {
    for (const input of options.projects ?? [{ name: 'Shop', timezone: 'Europe/Berlin', allowedOrigins: [SHOP] }]) {
      projects.push(await createProject(orm.em.fork(), input));
    }
  } finally {
    await orm.close();
  }
  const web = await startWeb(t.config, silentLog);
  const redis = createRedis(t.config, 'plain');
  const queue = new Queue<IngestQueueData>(INGEST_QUEUE, { connection: redis, prefix: t.config.redis.prefix });

  const request: Harness['request'] = async (method, path, init = {}) => {
    const res = await fetch(`${web.url}${path}`, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };

  const project = projects[0]!;
  return {
    t,
    web,
    projects,
    project,
    redis,
    request,
    post: (body, o = {}) => {
      const headers: Record<string, string> = { 'user-agent': BROWSER_UA, ...o.headers };
      if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
      if (o.key !== undefined) headers['x-cuepoint-key'] = o.key;
      if (o.origin !== undefined) headers.origin = o.origin;
      const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      return request('POST', '/v1/events', { headers, body: payload });
    },
    admin: (method, path, body, key = project.adminKey) => {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return request(method, `/v1/admin${path}`, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    // One entry per request: bundles are opened, so tests see what each request enqueued.
    waitingJobs: async () => (await queue.getJobs(['waiting'])).flatMap((j) => (j.data.v === 2 ? j.data.requests : [j.data])),
    close: async () => {
      await web.close();
      await queue.close();
      await redis.quit();
      await t.cleanup();
    },
  };
}

/** Minimal valid events of each kind, stamped now. */
export const ev = {
  base(type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { id: randomUUID(), type, ts: Date.now(), visitorId: randomUUID(), sessionId: randomUUID(), ...extra };
  },
  pageView(extra: Record<string, unknown> = {}) {
    return ev.base('page_view', { url: `${SHOP}/products/1?utm_source=x`, ...extra });
  },
  play(extra: Record<string, unknown> = {}) {
    return ev.base('video_play', { videoId: 'intro', slotId: 'home', playId: randomUUID(), ...extra });
  },
  progress(percent: unknown) {
    return ev.base('video_progress', { videoId: 'intro', slotId: 'home', playId: randomUUID(), percent });
  },
  time(seconds: unknown) {
    return ev.base('video_time', { videoId: 'intro', slotId: 'home', playId: randomUUID(), seconds });
  },
  custom(props: unknown) {
    return ev.base('custom', { name: 'thing', props });
  },
  formSubmit(values: Record<string, string>) {
    return ev.base('form_submit', { formId: 'signup', fields: Object.keys(values), outcome: 'success', values });
  },
};

/** Polls until `check` passes or the time is up; returns the elapsed milliseconds. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return Date.now() - started;
}
