import type { RequestHandler } from 'express';
import type { WebMetrics } from './WebMetrics.js';

/** Requests no route answered (static files, 404s) share one label. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Times every request and counts it under the pattern of the route that served it. `patterns`
 * is asked at the first answer, once the app has all its routes; an unknown Route object (none
 * should exist) falls back to the unmatched label rather than the URL.
 */
export function httpMetrics(metrics: WebMetrics, patterns: () => Map<object, string>): RequestHandler {
  let table: Map<object, string> | undefined;
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      table ??= patterns();
      const route: unknown = req.route;
      const pattern = (typeof route === 'object' && route !== null ? table.get(route) : undefined) ?? UNMATCHED_ROUTE;
      // A client that hung up before the answer was sent has no status of its own.
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      metrics.request(pattern, req.method, status, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
