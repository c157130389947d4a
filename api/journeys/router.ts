import { Router, type RequestHandler } from 'express';
import { adminRoute, type AdminDeps } from '../admin/context.js';
import { HttpError } from '../http/errors.js';
import { admitIngest } from '../ingest/controller.js';
import { errorCors, preflight } from '../ingest/cors.js';
import { shardLayout } from '../../shared/queue/shards.js';
import { JourneyQueue } from './JourneyQueue.js';
import { promoteJourney, type PromoteDeps } from './promote.js';
import { deleteJourneys, getJourney, listJourneys, type JourneyHandler } from './reads.js';

export type JourneyDeps = Omit<PromoteDeps, 'journeys'> & AdminDeps;

/**
 * Visitor journeys: the promote takes the public write key and behaves like ingest (CORS,
 * origins, limits); reading and deleting journeys is for an admin key or a signed-in admin or
 * owner, as the admin routes are.
 */
export function journeysRouter(deps: JourneyDeps): Router {
  const router = Router();
  const journeys = new JourneyQueue(deps.redis, deps.config.redis.prefix, deps.log, shardLayout(deps.config));

  const promote = Router();
  promote.use((_req, res, next) => {
    // Pages on other sites read these answers, as they read the ingest answers.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.vary('Origin');
    next();
  });
  promote.options('/', preflight);
  promote.post('/', admitIngest(deps), promoteJourney({ ...deps, journeys }));
  promote.all('/', () => {
    throw new HttpError(405, 'method_not_allowed', 'use POST', { field: 'method', headers: { Allow: 'POST, OPTIONS' } });
  });
  promote.use(errorCors);
  router.use('/promote', promote);

  const route = (handler: JourneyHandler): RequestHandler => (req, res, next) => adminRoute(deps, (ctx, input) => handler(ctx, req.query, input.params))(req, res, next);
  router.get('/', route(listJourneys));
  router.delete('/', route(deleteJourneys));
  router.get('/:id', route(getJourney));
  return router;
}
