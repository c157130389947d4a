import { Router } from 'express';
import type { AccountsDeps } from './deps.js';
import { login } from './login.js';
import { createOwnedProject } from './projects.js';
import { changePassword, currentSession, logout } from './session.js';

/** Signing in and out, the signed-in user's own account, and projects a user creates (mounted at /v1). */
export function accountsRouter(deps: AccountsDeps): Router {
  const router = Router();
  router.post('/auth/login', login(deps));
  router.post('/auth/logout', logout(deps));
  router.get('/auth/session', currentSession(deps));
  router.post('/auth/password', changePassword(deps));
  router.post('/projects', createOwnedProject(deps));
  return router;
}
