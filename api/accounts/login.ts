import type { Request, RequestHandler } from 'express';
import { User } from '../../shared/entities/User.js';
import { parseInput } from '../admin/validation.js';
import { setSessionCookie } from '../auth/cookies.js';
import { dummyHash, verifyPassword } from '../auth/passwords.js';
import { HttpError } from '../http/errors.js';
import { readJsonBody } from '../http/jsonBody.js';
import { requireMediaType } from '../http/mediaType.js';
import { ACCOUNT_BODY_LIMIT, type AccountsDeps } from './deps.js';
import { LoginBody } from './schemas.js';

/**
 * `POST /v1/auth/login`. Login CSRF (a page elsewhere signing the browser in to the attacker's
 * account) is refused twice: only JSON is read, which a cross-site form cannot send without a
 * preflight, and an `Origin` other than this server's own is a 403. An unknown e-mail is checked
 * against a dummy hash so that it answers like a wrong password, in about the same time.
 */
export function login(deps: AccountsDeps): RequestHandler {
  // Made now, so that the first unknown e-mail does not take two hashes' time.
  void dummyHash();
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    requireSameOrigin(req);
    requireMediaType(req.headers, ['application/json']);
    const { email, password } = parseInput(LoginBody, (await readJsonBody(req, ACCOUNT_BODY_LIMIT)) ?? {});
    await deps.limiter.attempt(email, req.ip ?? '');
    const user = await deps.orm.em.fork().findOne(User, { email });
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !matches) throw new HttpError(401, 'invalid_credentials', 'the e-mail or the password is wrong', { field: 'password' });
    await deps.limiter.succeeded(email);
    const session = await deps.sessions.create(user.id);
    setSessionCookie(req, res, session.token, session.expiresAt);
    res.status(200).json({ user: { id: user.id, email: user.email }, csrfToken: session.csrfToken });
  };
}

/** The request's own origin as the browser saw it (scheme through TRUST_PROXY_HOPS). */
export function requireSameOrigin(req: Request): void {
  const origin = req.get('origin');
  if (origin === undefined) return;
  const own = `${req.protocol}://${req.get('host') ?? ''}`;
  if (origin.toLowerCase() !== own.toLowerCase()) {
    throw new HttpError(403, 'cross_origin', `sign-in is accepted only from ${own} itself`, { field: 'origin' });
  }
}
