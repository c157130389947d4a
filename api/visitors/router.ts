import { Router } from 'express';
import { adminRoute, type AdminDeps } from '../admin/context.js';
import { eraseVisitor } from './erase.js';
import { exportVisitor } from './export.js';

/**
 * `/v1/visitors`: a visitor's rights of access and erasure, for the project of an admin key or
 * of a signed-in admin or owner.
 */
export function visitorsRouter(deps: AdminDeps): Router {
  const router = Router();
  router.delete('/:visitorId', adminRoute(deps, eraseVisitor(deps.maintenance)));
  router.get('/:visitorId/export', exportVisitor(deps));
  return router;
}
