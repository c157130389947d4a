import { Router } from 'express';
import type pg from 'pg';
import type { SessionStore } from '../auth/sessionStore.js';
import type { ProjectCache } from '../projects/ProjectCache.js';
import { listSubmissions } from './submissions.js';

/** Where the forms router is mounted. */
export const FORMS_PREFIX = '/v1/forms';

export interface FormsRouterDeps {
  cache: ProjectCache;
  sessions: SessionStore;
  pool: pg.Pool;
}

/** Stored form submissions, for the project of an admin key or of a signed-in admin. */
export function formsRouter(deps: FormsRouterDeps): Router {
  const router = Router();
  router.get('/:formId/submissions', listSubmissions(deps));
  return router;
}
