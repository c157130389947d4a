import { Router } from 'express';
import { Registry } from 'prom-client';
import { HttpError } from '../http/errors.js';
import { processMetrics } from './defaultMetrics.js';
import type { ScrapeSources } from './scrape.js';
import { carriesToken } from './token.js';
import type { WebMetrics } from './WebMetrics.js';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteDeps {
  /** `METRICS_TOKEN`; undefined: the route answers as if it did not exist. */
  token: string | undefined;
  /** Undefined exactly when the token is: nothing is counted that nobody may read. */
  metrics: WebMetrics | undefined;
  /** Built at the first scrape: an app that is never scraped opens nothing for it. */
  sources: () => ScrapeSources;
}

/**
 * `GET /metrics`, Prometheus text format, behind `Authorization: Bearer <METRICS_TOKEN>`. It
 * names no project and shows no project's data: only counts across the instance. Scrapes that
 * arrive while one is reading Redis and PostgreSQL share that read.
 */
export function metricsRouter(deps: MetricsRouteDeps): Router {
  const router = Router();
  let inFlight: Promise<Registry> | undefined;
  router.get(METRICS_PATH, async (req, res, next) => {
    const { token, metrics } = deps;
    // Unset: the ordinary 404, the same answer as any path that does not exist.
    if (token === undefined || metrics === undefined) return next();
    res.setHeader('Cache-Control', 'no-store');
    if (!carriesToken(req.get('authorization'), token)) {
      throw new HttpError(401, 'invalid_metrics_token', 'send Authorization: Bearer <METRICS_TOKEN>', {
        field: 'authorization',
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    inFlight ??= deps
      .sources()
      .read()
      .finally(() => (inFlight = undefined));
    const scraped = await inFlight;
    const all = Registry.merge([processMetrics(), metrics.registry, scraped]);
    res.setHeader('Content-Type', all.contentType);
    res.send(await all.metrics());
  });
  return router;
}
