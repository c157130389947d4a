import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startWeb, type WebServer } from '../../api/server.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { startWorker } from '../../worker/server.js';
import { spawnRole, stopRole } from '../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../helpers/services.js';
import { buildTracker, CHROMIUM, CHROMIUM_ARGS, REAL_UA, requireChromium, snippet, startSite, type PageSite } from './helpers.js';

declare global {
  interface Window {
    cuepoint?: unknown;
  }
}

/** What a site's pages are written with: known only once the site, the project and the API exist. */
export interface SitePageKit {
  origin: string;
  /** The README snippet with this project's write key, optionally sending to another endpoint. */
  snippet: (endpoint?: string) => string;
  /** A page's start up to `</head>`: doctype, charset, title and the snippet. */
  head: (title: string) => string;
}

export interface TrackerHarnessOptions {
  projectName: string;
  /** The customer's pages by path, rendered per request. */
  pages(kit: SitePageKit): Record<string, string>;
  /** Runs once the project exists and before the API starts, so the API's project cache sees what it stores. */
  beforeApi?(h: TrackerHarness): Promise<void>;
  /** Runs once the API is up and before the worker starts: project settings and rules made through the admin API. */
  beforeWorker?(h: TrackerHarness): Promise<void>;
  /** `process` (default): the worker's own entry point as a child process; `in-process`: started inside mocha. */
  worker?: 'process' | 'in-process';
}

/**
 * The set-up every test of the real tracker shares: a fresh database, a site serving the fixture
 * pages and clips, a project allowed on that site, the API (serving the built tracker), a worker
 * and Chromium with a real desktop user agent (so events are not counted as a bot's).
 */
export class TrackerHarness {
  t!: TestEnv;
  site!: PageSite;
  project!: CreatedProject;
  web!: WebServer;
  browser!: Browser;
  /** What start() started, stopped in reverse order by close(). */
  private readonly closers: (() => Promise<unknown>)[] = [];

  private constructor() {}

  /**
   * For a describe block: registers the before() that starts the harness (the suite is skipped, or
   * fails, when Chromium is missing: see requireChromium) and the after() that stops it. The harness
   * is returned at once; its fields are set once before() has run.
   */
  static forSuite(options: TrackerHarnessOptions): TrackerHarness {
    const h = new TrackerHarness();
    before(async function () {
      requireChromium(this);
      await h.start(options);
    });
    after(() => h.close());
    return h;
  }

  /** Starts everything in the order the options' hooks rely on; on a failure, stops what had started. */
  private async start(options: TrackerHarnessOptions): Promise<void> {
    try {
      buildTracker();
      this.t = await createTestEnv({ PORT: '0' });
      this.closers.push(() => this.t.cleanup());
      this.site = await startSite((origin) => options.pages(this.kit(origin)));
      this.closers.push(() => this.site.close());
      const orm = await initOrm(this.t.config);
      this.project = await createProject(orm.em.fork(), { name: options.projectName, timezone: 'UTC', allowedOrigins: [this.site.origin] });
      await orm.close();
      await options.beforeApi?.(this);
      // Started after the project exists, so its config cache knows the key from the start.
      this.web = await startWeb(this.t.config, silentLog);
      this.closers.push(() => this.web.close());
      await options.beforeWorker?.(this);
      if (options.worker === 'in-process') {
        const worker = await startWorker(this.t.config, silentLog);
        this.closers.push(() => worker.close());
      } else {
        const worker: ChildProcess = spawnRole('worker/main.ts', this.t.env);
        this.closers.push(() => stopRole(worker));
      }
      this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      this.closers.push(() => this.browser.close());
    } catch (err) {
      await this.close().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
  }

  private kit(origin: string): SitePageKit {
    const snip = (endpoint?: string) => snippet(this.web.url, this.project.writeKey, endpoint);
    return {
      origin,
      snippet: snip,
      head: (title) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${snip()}</head>`,
    };
  }

  /** A fresh browser context with the real user agent, plus any other options. */
  newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    return this.browser.newContext({ userAgent: REAL_UA, ...options });
  }

  /** Waits until the loader has replaced the snippet's stub with the tracker. */
  async trackerReady(page: Page): Promise<void> {
    await page.waitForFunction(() => typeof window.cuepoint === 'function' && 'bind' in (window.cuepoint as object), undefined, { timeout: 10_000 });
  }

  /** A new context and page on the site's `path`, the tracker loaded. */
  async open(path: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.newContext();
    const page = await context.newPage();
    await page.goto(`${this.site.origin}${path}`);
    await this.trackerReady(page);
    return { context, page };
  }

  /** Rows of one query against the test database. */
  async rows<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.t.pool.query<R>(sql, params)).rows;
  }

  /** The project's stored events, oldest first. */
  events<R extends object>(): Promise<R[]> {
    return this.rows<R>('select * from events where project_id = $1 order by occurred_at', [this.project.projectId]);
  }

  /**
   * Reads every 200 ms until `ready` holds or `timeoutMs` has passed, and returns the last read:
   * the caller's assertions then say what was missing.
   */
  async poll<T>(read: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ready(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A stats API answer for this project (`path` with its query), read with the read key. */
  stats(path: string): Promise<Response> {
    return fetch(`${this.web.url}${path}`, { headers: { authorization: `Bearer ${this.project.readKey}` } });
  }

  /** An admin API call for this project, with a JSON body. */
  admin(method: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${this.web.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.project.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
}
