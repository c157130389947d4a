import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../shared/logger.js';
import { loadTrackerBundle, type TrackerBundle } from './assets.js';

/** The hashed bundle never changes under its name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The loader names the current hash; a deploy reaches every page within this. */
const LOADER_MAX_AGE_SECONDS = 300;

export interface TrackerPaths {
  /** The short-cached loader, `TRACKER_PATH` (default `/cp.js`). */
  loader: string;
  /** `<dir of loader>/t/<loader name>.<hash>.js`, long-cached. */
  bundle: string;
  /** The bundle's path relative to the loader's, so the loader works behind a path prefix too. */
  relative: string;
}

export function trackerPaths(loaderPath: string, hash: string): TrackerPaths {
  const slash = loaderPath.lastIndexOf('/');
  const dir = loaderPath.slice(0, slash + 1);
  const name = loaderPath.slice(slash + 1).replace(/\.js$/i, '') || 'cp';
  const relative = `t/${name}.${hash}.js`;
  return { loader: loaderPath, bundle: `${dir}${relative}`, relative };
}

/** The loader: injects the hashed bundle (with its SRI hash) next to itself. */
export function loaderSource(paths: TrackerPaths, integrity: string): string {
  return (
    '(function(d){var c=d.currentScript,s=d.createElement("script");' +
    `s.async=true;s.src=new URL(${JSON.stringify(paths.relative)},c&&c.src||location.href).href;` +
    `s.integrity=${JSON.stringify(integrity)};s.crossOrigin="anonymous";` +
    '(d.head||d.documentElement).appendChild(s)})(document);\n'
  );
}

/**
 * GET/HEAD of the loader and of the hashed bundle, as middleware rather than routes: they are
 * static files, not API operations (the OpenAPI document lists operations). Both may be loaded
 * by any site, so they carry `Cross-Origin-Resource-Policy: cross-origin` (helmet's default is
 * same-origin) and `Access-Control-Allow-Origin: *` (for the SRI check of the bundle).
 */
export function serveTracker(loaderPath: string, log: Logger, bundle: TrackerBundle | undefined = loadTrackerBundle()): RequestHandler {
  if (!bundle) {
    log.warn('tracker bundle not built (npm run build); its paths answer 404');
    return (_req, _res, next) => next();
  }
  const paths = trackerPaths(loaderPath, bundle.manifest.hash);
  const loader = Buffer.from(loaderSource(paths, bundle.manifest.integrity));
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === paths.bundle) return send(req, res, bundle.code, bundle.gzipped, IMMUTABLE);
    if (req.path === paths.loader) return send(req, res, loader, undefined, `public, max-age=${LOADER_MAX_AGE_SECONDS}`);
    next();
  };
}

function send(req: Request, res: Response, body: Buffer, gzipped: Buffer | undefined, cacheControl: string): void {
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
  let out = body;
  if (gzipped) {
    res.vary('Accept-Encoding');
    if (/\bgzip\b/i.test(req.get('accept-encoding') ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      out = gzipped;
    }
  }
  res.status(200).end(out);
}
