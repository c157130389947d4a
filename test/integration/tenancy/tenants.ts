import { randomBytes } from 'node:crypto';
import { createApp, type AppDeps } from '../../../api/app.js';
import { registeredRoutes } from '../../helpers/routes.js';
import { loadConfig } from '../../../shared/config.js';
import type { MikroORM } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { publishConfigChanged } from '../../../shared/queue/configEvents.js';
import { silentLog } from '../../helpers/services.js';
import { eventually, type Answer, type Harness } from '../api/harness.js';
import { SEGMENT_KEY_ROUTES, SEGMENT_PUBLIC_ROUTES } from './segment.js';

export interface Tenant extends CreatedProject {
  origin: string;
}

/** Two fresh projects: A, whose keys make the requests, and B, whose data must stay out of reach. */
export interface Tenants {
  a: Tenant;
  b: Tenant;
}

/**
 * Creates A and B the way the CLI does, then tells the web process to reload its config (as an
 * admin change would) and waits until both are known. Each test makes its own pair, so no test
 * sees another's data, and one that rotates a key cannot break the next.
 */
export async function newTenants(h: Harness, orm: MikroORM): Promise<Tenants> {
  const tag = randomBytes(3).toString('hex');
  const make = async (name: string): Promise<Tenant> => {
    const origin = `https://${name}-${tag}.example`;
    return { ...(await createProject(orm.em.fork(), { name: `${name} ${tag}`, timezone: 'Europe/Berlin', allowedOrigins: [origin] })), origin };
  };
  const tenants = { a: await make('a'), b: await make('b') };
  await publishConfigChanged(h.redis, h.t.config.redis.prefix);
  await eventually(async () => (await h.admin('GET', '/project', undefined, tenants.b.adminKey)).status === 200, 3000);
  await eventually(async () => (await h.admin('GET', '/project', undefined, tenants.a.adminKey)).status === 200, 3000);
  return tenants;
}

/** A request with a bearer key, for the admin and stats routes. */
export function withBearer(h: Harness, method: string, path: string, key: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return h.request(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * Every route the app registers, as `METHOD /path` (`ALL` for a catch-all), read from the Express
 * router the same way the OpenAPI test does: a new route cannot escape the tenancy table.
 */
export function servedRoutes(): string[] {
  const inert = {} as unknown as AppDeps;
  const app = createApp({ ...inert, config: loadConfig({ NODE_ENV: 'test' }), log: silentLog });
  return registeredRoutes(app).map((r) => `${r.method.toUpperCase()} ${r.path}`);
}

/** Routes that answer without any key: nothing of a project to reach. */
export const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /healthz/rollups',
  'GET /openapi.json',
  'OPTIONS /v1/events',
  'ALL /v1/events',
  'OPTIONS /v1/journeys/promote',
  'ALL /v1/journeys/promote',
  'ALL /v1/tracker/settings',
  ...SEGMENT_PUBLIC_ROUTES,
];

/**
 * Routes behind the operator's own token (METRICS_TOKEN), never a project key or session: they
 * name no project and answer counts across the instance (test/integration/metrics/).
 */
export const OPERATOR_ROUTES = ['GET /metrics'];

/** Routes a page calls with the public write key (never a session): the project is the key's. */
export const WRITE_KEY_ROUTES = ['POST /v1/events', 'POST /v1/journeys/promote', 'GET /v1/tracker/settings', ...SEGMENT_KEY_ROUTES];

/** A signed-in user's own account and sign-in: they name no project, so no key opens them. */
export const ACCOUNT_ROUTES = ['POST /v1/auth/login', 'POST /v1/auth/logout', 'GET /v1/auth/session', 'POST /v1/auth/password', 'POST /v1/projects'];

/** Project routes that only a signed-in user (never a key) may call: members and deleting the project. */
export const SESSION_ONLY_ROUTES = [
  'DELETE /v1/admin/project',
  'GET /v1/admin/members',
  'POST /v1/admin/members',
  'PATCH /v1/admin/members/:userId',
  'DELETE /v1/admin/members/:userId',
];
