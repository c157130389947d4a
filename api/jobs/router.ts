import { Router } from 'express';
import { adminRoute, type AdminDeps } from '../admin/context.js';
import { getJob } from './job.js';

/** `/v1/jobs`: background jobs of the project (admin key, or a signed-in admin or owner). */
export function jobsRouter(deps: AdminDeps): Router {
  const router = Router();
  router.get('/:jobId', adminRoute(deps, getJob));
  return router;
}
