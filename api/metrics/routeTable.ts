/** One route an Express app answers: its methods and its full path pattern (`/v1/admin/videos/:videoId`). */
export interface RouteEntry {
  /** Lowercase; `all` for a catch-all handler of every method. */
  methods: string[];
  path: string;
  /** Express's own Route object, which it hands the request as `req.route` once matched. */
  route: object;
}

interface HasRouter {
  router: { stack: unknown[] };
}

/**
 * Every route registered in an Express 5 app, nested routers included. Express gives a matched
 * request only the route's path inside its own router (`/:videoId`) and the mount path as it
 * was requested, ids and all; this table maps the Route object itself to its full pattern, so
 * a request is named by the pattern that served it, never by its URL.
 */
export function routeEntries(app: HasRouter): RouteEntry[] {
  const entries: RouteEntry[] = [];
  walk(app.router.stack, '', entries);
  return entries;
}

/** Route object → full pattern, for naming a request by `req.route`. */
export function routePatterns(app: HasRouter): Map<object, string> {
  return new Map(routeEntries(app).map((e) => [e.route, e.path]));
}

function walk(stack: unknown[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (!isRecord(layer)) continue;
    const route = layer.route;
    if (isRecord(route) && typeof route.path === 'string' && isRecord(route.methods)) {
      const methods = Object.entries(route.methods)
        .filter(([, on]) => on === true)
        .map(([method]) => (method === '_all' ? 'all' : method));
      out.push({ methods, path: join(prefix, route.path), route });
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
