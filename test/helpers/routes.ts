import type { Express } from 'express';

/** A method and an Express path pattern (`/v1/admin/videos/:videoId`) the app answers. */
export interface RegisteredRoute {
  /** Lowercase; `all` for a catch-all handler of every method. */
  method: string;
  path: string;
}

/**
 * Every route registered in an Express 5 app, nested routers included, so a test can hold
 * the OpenAPI document against what the app really serves. Middleware without a route
 * (helmet, the 404 and error handlers) is not a route.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  walk(app.router.stack, '', routes);
  return routes;
}

/** `/v1/admin/videos/:videoId` → `/v1/admin/videos/{videoId}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function walk(stack: unknown[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (!isRecord(layer)) continue;
    const route = layer.route;
    if (isRecord(route) && typeof route.path === 'string' && isRecord(route.methods)) {
      const path = join(prefix, route.path);
      for (const [method, on] of Object.entries(route.methods)) {
        if (on === true) out.push({ method: method === '_all' ? 'all' : method, path });
      }
      continue;
    }
    const handle = layer.handle;
    const nested: unknown = typeof handle === 'function' ? (handle as unknown as Record<string, unknown>).stack : undefined;
    if (Array.isArray(nested)) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      walk(nested, join(prefix, mount), out);
    }
  }
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
