import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { KeyKind } from '../../shared/entities/ApiKey.js';
import { isUuid } from '../../shared/ids.js';
import { HttpError } from '../http/errors.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import type { CachedProject } from '../projects/snapshot.js';
import { authenticateBearer } from './authenticate.js';
import { expiredSessionCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';
import { requireRole, type Role } from './roles.js';
import type { ActiveSession, SessionStore } from './sessionStore.js';

export const PROJECT_HEADER = 'X-Cuepoint-Project';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Who makes the request: a key of the project, or a signed-in user with a role in it. */
export type Actor = { via: 'key'; prefix: string; kind: KeyKind } | { via: 'session'; userId: string; role: Role; tokenHash: string };

export interface Access {
  project: CachedProject;
  actor: Actor;
}

/**
 * What a route needs: the key kind that opens it (undefined: no key does; a signed-in user only)
 * and the least role a user must hold in the project.
 */
export interface Need {
  key: KeyKind | undefined;
  role: Role;
}

export interface AccessDeps {
  cache: ProjectCache;
  sessions: SessionStore;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one door of the stats and admin routes, for keys and for dashboard sessions alike:
 * - `Authorization: Bearer <key>` wins when present, exactly as before sessions existed;
 * - else the session cookie and `X-Cuepoint-Project` name the user and the project; any method
 *   but GET/HEAD must repeat the session's CSRF token in `X-CSRF-Token`. Nothing here reads the
 *   body, so a refused request is refused before its body is read;
 * - a user who is not a member is told the project does not exist (404), one with too low a
 *   role is told which role the route needs (403).
 */
export async function resolveAccess(deps: AccessDeps, req: Request, need: Need): Promise<Access> {
  const authorization = req.get('authorization');
  const token = sessionCookie(req.get('cookie'));
  if (authorization !== undefined || token === undefined) {
    if (need.key === undefined) {
      if (authorization !== undefined) throw new HttpError(403, 'session_required', `this needs a signed-in user with the ${need.role} role; keys cannot do it`, { field: 'authorization' });
      throw notLoggedIn();
    }
    const auth = authenticateBearer(deps.cache, authorization, need.key);
    return { project: auth.project, actor: { via: 'key', prefix: auth.prefix, kind: auth.kind } };
  }

  // Without its token a state-changing request is refused as forged before anything else about it
  // is judged: a cross-site form can send neither this header nor the project's.
  if (!SAFE_METHODS.has(req.method) && !req.get(CSRF_HEADER)) throw csrfTokenMissing();
  const projectId = req.get(PROJECT_HEADER);
  if (projectId === undefined || projectId.trim() === '') {
    throw new HttpError(400, 'missing_field', `${PROJECT_HEADER} must name the project when signed in`, { field: PROJECT_HEADER });
  }
  const wellFormed = isUuid(projectId.trim());
  const session = await resolveSession(deps, req, token, wellFormed ? projectId.trim().toLowerCase() : undefined);
  const project = wellFormed ? deps.cache.project(projectId.trim().toLowerCase()) : undefined;
  if (!project || session.role === undefined) {
    throw new HttpError(404, 'project_not_found', `no project ${projectId} that you are a member of`, { field: PROJECT_HEADER });
  }
  requireRole(session.role, need.role);
  return { project, actor: { via: 'session', userId: session.userId, role: session.role, tokenHash: session.tokenHash } };
}

/**
 * The signed-in user of a request (the cookie's live session), with the role in `projectId` when
 * given; for any method but GET/HEAD, only with the session's CSRF token in X-CSRF-Token.
 */
export async function resolveSession(deps: Pick<AccessDeps, 'sessions'>, req: Request, token = sessionCookie(req.get('cookie')), projectId?: string): Promise<ActiveSession> {
  if (token === undefined) throw notLoggedIn();
  const safe = SAFE_METHODS.has(req.method);
  const csrf = req.get(CSRF_HEADER);
  if (!safe && (csrf === undefined || csrf === '')) throw csrfTokenMissing();
  const session = await deps.sessions.lookup(token, projectId);
  // The browser drops a cookie whose session has ended, so the dashboard shows its sign-in again.
  if (!session) throw notLoggedIn({ 'Set-Cookie': expiredSessionCookie(req.secure) });
  if (!safe && !sameToken(csrf ?? '', session.csrfToken)) {
    throw new HttpError(403, 'csrf_token_invalid', `${CSRF_HEADER} does not match the session's csrfToken`, { field: CSRF_HEADER });
  }
  return session;
}

/** Constant time whatever the lengths: both sides are hashed first. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function csrfTokenMissing(): HttpError {
  return new HttpError(403, 'csrf_token_missing', `${CSRF_HEADER} must carry the csrfToken of the session`, { field: CSRF_HEADER });
}

export function notLoggedIn(headers?: Record<string, string>): HttpError {
  return new HttpError(401, 'not_logged_in', `sign in first: the ${SESSION_COOKIE} cookie is missing or its session has ended`, { field: 'cookie', headers });
}
