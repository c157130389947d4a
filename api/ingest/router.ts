import { Router } from 'express';
import { HttpError } from '../http/errors.js';
import { admitIngest, ingestEvents, type IngestDeps } from './controller.js';
import { errorCors, preflight } from './cors.js';

export function ingestRouter(deps: IngestDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    // Pages on other sites read these answers; helmet's same-origin default would block them.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // CORS headers depend on the Origin, so caches must key on it.
    res.vary('Origin');
    next();
  });
  router.options('/', preflight);
  router.post('/', admitIngest(deps), ingestEvents(deps));
  router.all('/', () => {
    throw new HttpError(405, 'method_not_allowed', 'use POST', { field: 'method', headers: { Allow: 'POST, OPTIONS' } });
  });
  router.use(errorCors);
  return router;
}
