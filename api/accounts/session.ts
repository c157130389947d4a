import type { RequestHandler } from 'express';
import { User } from '../../shared/entities/User.js';
import { parseInput } from '../admin/validation.js';
import { resolveSession } from '../auth/access.js';
import { clearSessionCookie } from '../auth/cookies.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { HttpError } from '../http/errors.js';
import { readJsonBody } from '../http/jsonBody.js';
import { ACCOUNT_BODY_LIMIT, type AccountsDeps } from './deps.js';
import { PasswordChange } from './schemas.js';

/** `POST /v1/auth/logout`: the session row goes, so the cookie is dead everywhere at once. */
export function logout(deps: AccountsDeps): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const session = await resolveSession(deps, req);
    await deps.sessions.revoke(session.tokenHash);
    clearSessionCookie(req, res);
    res.status(204).end();
  };
}

interface ProjectRow {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  role: Role;
}

/** `GET /v1/auth/session`: who is signed in, the CSRF token to send back, and their projects. */
export function currentSession(deps: AccountsDeps): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const session = await resolveSession(deps, req);
    const { rows } = await deps.pool.query<ProjectRow>(
      `select p.id, p.name, p.timezone, p.currency, m.role
       from project_members m join projects p on p.id = m.project_id
       where m.user_id = $1 order by p.name, p.id`,
      [session.userId],
    );
    res.status(200).json({ user: { id: session.userId, email: session.email }, csrfToken: session.csrfToken, projects: rows });
  };
}

/**
 * `POST /v1/auth/password`: needs the current password (a borrowed, unlocked browser is not
 * enough), counts against the sign-in limits like a login, and signs out every other browser.
 */
export function changePassword(deps: AccountsDeps): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const session = await resolveSession(deps, req);
    const { currentPassword, newPassword } = parseInput(PasswordChange, (await readJsonBody(req, ACCOUNT_BODY_LIMIT)) ?? {});
    await deps.limiter.attempt(session.email, req.ip ?? '');
    const em = deps.orm.em.fork();
    const user = await em.findOneOrFail(User, { id: session.userId });
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new HttpError(400, 'invalid_field', 'currentPassword is not the current password', { field: 'currentPassword' });
    }
    user.passwordHash = await hashPassword(newPassword);
    user.passwordChangedAt = new Date();
    await em.flush();
    await deps.sessions.revokeAllOfUser(session.userId, session.tokenHash);
    res.status(204).end();
  };
}
