import { randomBytes } from 'node:crypto';
import { createUser } from '../../../api/accounts/users.js';
import { CSRF_HEADER, PROJECT_HEADER } from '../../../api/auth/access.js';
import { SESSION_COOKIE } from '../../../api/auth/cookies.js';
import { initOrm } from '../../../shared/db/orm.js';
import { ProjectMember, type Role } from '../../../shared/entities/ProjectMember.js';
import type { Answer, Harness } from '../api/harness.js';

export const PASSWORD = 'correct horse battery';

/** A signed-in browser: its cookie and the CSRF token the login answered. */
export interface Browser {
  userId: string;
  email: string;
  cookie: string;
  csrfToken: string;
}

/** A user made the way the CLI makes one, with the given roles; the e-mail is unique per call. */
export async function addUser(h: Harness, roles: Record<string, Role> = {}, password = PASSWORD): Promise<{ id: string; email: string; password: string }> {
  const email = `user-${randomBytes(4).toString('hex')}@example.com`;
  const orm = await initOrm(h.t.config);
  try {
    const em = orm.em.fork();
    const user = await createUser(em, email, password);
    for (const [projectId, role] of Object.entries(roles)) em.create(ProjectMember, { project: projectId, user, role });
    await em.flush();
    return { id: user.id, email, password };
  } finally {
    await orm.close();
  }
}

export function postLogin(h: Harness, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return h.request('POST', '/v1/auth/login', { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The `name=value` part of the session cookie in a Set-Cookie answer. */
export function sessionCookieOf(answer: Answer): string {
  const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!setCookie) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(answer.headers.getSetCookie())}`);
  return setCookie.split(';', 1)[0] ?? '';
}

export async function signIn(h: Harness, user: { email: string; password: string }): Promise<Browser> {
  const answer = await postLogin(h, { email: user.email, password: user.password });
  if (answer.status !== 200) throw new Error(`login answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  const me = answer.json.user as { id: string; email: string };
  return { userId: me.id, email: me.email, cookie: sessionCookieOf(answer), csrfToken: answer.json.csrfToken as string };
}

export interface AsUserOptions {
  project?: string;
  body?: unknown;
  /** Defaults to the browser's own token on methods other than GET/HEAD; null sends none. */
  csrf?: string | null;
  headers?: Record<string, string>;
}

/** A request as the dashboard sends it: cookie, project header and CSRF token. */
export function asUser(h: Harness, browser: Browser, method: string, path: string, o: AsUserOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { cookie: browser.cookie, ...o.headers };
  if (o.project !== undefined) headers[PROJECT_HEADER] = o.project;
  const csrf = o.csrf === undefined ? (method === 'GET' || method === 'HEAD' ? undefined : browser.csrfToken) : o.csrf;
  if (csrf !== null && csrf !== undefined) headers[CSRF_HEADER] = csrf;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  return h.request(method, path, { headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
}
