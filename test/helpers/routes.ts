import type { Express } from 'express';
import { routeEntries } from '../../api/metrics/routeTable.js';

/** A method and an Express path pattern (`/v1/admin/videos/:videoId`) the app answers. */
export interface RegisteredRoute {
  /** Lowercase; `all` for a catch-all handler of every method. */
  method: string;
  path: string;
}

/**
 * Every route registered in an Express 5 app, nested routers included, so a test can hold
 * the OpenAPI document against what the app really serves. Middleware without a route
 * (helmet, the 404 and error handlers) is not a route. The walk is the one `/metrics` uses to
 * name requests by their route.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  return routeEntries(app).flatMap((e) => e.methods.map((method) => ({ method, path: e.path })));
}

/** `/v1/admin/videos/:videoId` → `/v1/admin/videos/{videoId}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
