import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createUser } from '../../../api/accounts/users.js';
import { startWeb, type WebServer } from '../../../api/server.js';
import { initOrm } from '../../../shared/db/orm.js';
import { ProjectMember, type Role } from '../../../shared/entities/ProjectMember.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { rollupDirtyDays } from '../../../worker/rollup/dirty.js';
import { spawnRole, stopRole, waitFor } from '../../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { CHROMIUM, CHROMIUM_ARGS, REAL_UA } from '../helpers.js';
import { buildWebApp } from './build.js';
import { widgetTraffic, type IngestEvent, type SeedShape } from './seedEvents.js';

export const PASSWORD = 'a long test password';
export const ARTIFACTS = 'test/artifacts';
const ROOT = new URL('../../../', import.meta.url).pathname;

export interface DashboardUser {
  id: string;
  email: string;
  password: string;
}

export interface SeededProject extends CreatedProject {
  name: string;
  timezone: string;
}

export interface DashboardOptions {
  /** The main project's traffic; default 35 days (a 30-day range and more), 6 visitors a day. */
  traffic?: Partial<Omit<SeedShape, 'origin'>>;
  timezone?: string;
}

/**
 * Everything a dashboard browser test needs, started once per suite: a fresh database, the API
 * (serving the built app) and a worker, one project with real traffic sent through the ingest
 * API and rolled up by the worker's own rollup, a second project, users of every role, and
 * Chromium. Reused by every dashboard suite.
 */
export class Dashboard {
  /** The seeded project: `users.owner` … `users.viewer` are its members with that role. */
  project!: SeededProject;
  /** A second project (no traffic) where only `users.owner` is a member, as owner. */
  other!: SeededProject;
  users!: Record<Role, DashboardUser>;
  /** Events the ingest API accepted for `project`, as sent. */
  events: IngestEvent[] = [];
  browser!: Browser;
  private readonly closers: (() => Promise<unknown>)[] = [];

  private constructor(
    readonly t: TestEnv,
    readonly web: WebServer,
  ) {}

  get url(): string {
    return this.web.url;
  }

  static async start(options: DashboardOptions = {}): Promise<Dashboard> {
    buildWebApp();
    const t = await createTestEnv({ PORT: '0', LOGIN_MAX_PER_IP: '10000', LOGIN_MAX_PER_ACCOUNT: '1000' });
    const closers: (() => Promise<unknown>)[] = [() => t.cleanup()];
    try {
      const timezone = options.timezone ?? 'Asia/Tokyo';
      const orm = await initOrm(t.config);
      let project: SeededProject;
      let other: SeededProject;
      const users = {} as Record<Role, DashboardUser>;
      try {
        const em = orm.em.fork();
        project = { ...(await createProject(em, { name: 'Tokyo Shop', timezone, currency: 'USD' })), name: 'Tokyo Shop', timezone };
        other = { ...(await createProject(em, { name: 'Paris Landing', timezone: 'Europe/Paris', currency: 'EUR' })), name: 'Paris Landing', timezone: 'Europe/Paris' };
        for (const role of ['owner', 'admin', 'member', 'viewer'] as const) {
          const email = `${role}@example.com`;
          const user = await createUser(em, email, PASSWORD);
          em.create(ProjectMember, { project: project.projectId, user, role });
          if (role === 'owner') em.create(ProjectMember, { project: other.projectId, user, role });
          await em.flush();
          users[role] = { id: user.id, email, password: PASSWORD };
        }
      } finally {
        await orm.close();
      }
      // Started after the projects exist, so the config cache knows their keys from the start.
      const web = await startWeb(t.config, silentLog);
      closers.push(() => web.close());
      const worker: ChildProcess = spawnRole('worker/main.ts', t.env);
      closers.push(() => stopRole(worker));

      const dashboard = new Dashboard(t, web);
      dashboard.closers.push(...closers);
      dashboard.project = project;
      dashboard.other = other;
      dashboard.users = users;
      const shape = { days: 35, visitorsPerDay: 6, videos: 4, ...options.traffic, origin: 'https://shop.example' };
      await dashboard.registerVideos(shape.videos);
      dashboard.events = widgetTraffic(shape);
      await dashboard.ingest(dashboard.events);
      // Bot traffic: stored, flagged, and counted only with the bots switch on.
      await dashboard.ingest(widgetTraffic({ ...shape, days: 3, visitorsPerDay: 2 }, Date.now(), 99), 'curl/8.5.0');
      await dashboard.rollUp();
      dashboard.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      dashboard.closers.push(() => dashboard.browser.close());
      return dashboard;
    } catch (err) {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
  }

  /** The catalog: titles for the videos the traffic plays (v1 has markup in its title, shown as text). */
  private async registerVideos(count: number): Promise<void> {
    for (let i = 1; i <= count; i++) {
      const title = i === 1 ? 'Spring <img src=x onerror="window.__xss=1"> lookbook' : `Video ${i}`;
      const res = await this.admin('POST', '/v1/admin/videos', { videoId: `v${i}`, title });
      if (res.status !== 201) throw new Error(`video v${i}: ${res.status} ${await res.text()}`);
    }
  }

  /** Sends events through the public ingest API as a browser would (or as `userAgent`), 500 a request, and waits until all are stored. */
  async ingest(events: IngestEvent[], userAgent = REAL_UA, projectId = this.project.projectId, writeKey = this.project.writeKey): Promise<void> {
    const before = await this.storedCount(projectId);
    for (let i = 0; i < events.length; i += 500) {
      const res = await fetch(`${this.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cuepoint-key': writeKey, 'user-agent': userAgent },
        body: JSON.stringify({ events: events.slice(i, i + 500) }),
      });
      const body = (await res.json()) as { accepted?: number; rejected?: unknown[] };
      if (res.status !== 202 || (body.rejected?.length ?? 0) > 0) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
    }
    const expected = before + events.length;
    await waitFor(async () => ((await this.storedCount(projectId)) >= expected ? true : undefined), 60_000, `${events.length} events stored`);
  }

  private async storedCount(projectId: string): Promise<number> {
    const { rows } = await this.t.pool.query<{ n: string }>('select count(*)::text as n from events where project_id = $1', [projectId]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Rolls up every dirty day now, with the rollup the worker runs. */
  async rollUp(): Promise<void> {
    await rollupDirtyDays(this.t.pool, {}, { ruleLimits: this.t.config.rules, caps: this.t.config.rollup.caps });
  }

  /** An admin API call with the project's admin key. */
  admin(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.project.adminKey}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /** A stats answer read with the project's read key: what the dashboard's figures must equal. */
  async stats<T>(endpoint: string, query: Record<string, string> = {}, project: SeededProject = this.project): Promise<T> {
    const res = await fetch(`${this.url}/v1/stats/${endpoint}?${new URLSearchParams(query).toString()}`, {
      headers: { authorization: `Bearer ${project.readKey}` },
    });
    if (res.status !== 200) throw new Error(`stats ${endpoint} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A fresh browser context (its own cookies) and page; English unless `locale` says otherwise. */
  async newPage(options: { width?: number; height?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await this.browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
      locale: options.locale ?? 'en-US',
      userAgent: REAL_UA,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (401|404)/.test(m.text())) errors.push(`console: ${m.text()}`);
    });
    return { context, page, errors };
  }

  /** Logs in through the login screen and waits for the screen behind it. */
  async login(page: Page, user: DashboardUser, next?: string): Promise<void> {
    await page.goto(`${this.url}/app/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', user.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('.topbar', { timeout: 15_000 });
  }

  /** A full-page screenshot into test/artifacts/ (git-ignored), for a person to look at. */
  async screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A page scrolled down (to reach a Save button) would draw its sticky header mid-image.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
