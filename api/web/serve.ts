import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../shared/logger.js';
import { loadWebBuild, type WebAsset, type WebBuild } from './assets.js';

/** Where the web app lives; the API keeps /v1, /docs and the tracker's paths. */
export const APP_PATH = '/app';

/**
 * The app's own policy, stricter than the API default: only its own scripts and styles, no
 * inline code of either kind, no framing. Attacker-controlled text shown by the app (page
 * titles, labels) therefore cannot run even if some code rendered it as markup.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** Hashed names never change content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `/app/assets/<name>`: a name of letters, digits, dots, dashes and underscores, no path. */
const ASSET = new RegExp(`^${APP_PATH}/assets/([A-Za-z0-9._-]+)$`);

/**
 * The single-page app, as middleware rather than routes (static files, not API operations, which
 * the OpenAPI document lists): `/` and `/app` redirect to `/app/`; `/app/assets/<hashed file>` is
 * served long-cached; any other `/app/…` path answers index.html (revalidated on every load, so a
 * deploy is picked up at once), and the app's router shows the screen.
 */
export function serveWebApp(log: Logger, build: WebBuild | undefined = loadWebBuild()): RequestHandler {
  if (!build) log.warn('web app not built (npm run build); /app answers 404');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    if (path === '/' || path === APP_PATH) return res.redirect(302, `${APP_PATH}/`);
    if (!build || !path.startsWith(`${APP_PATH}/`)) return next();
    if (path.startsWith(`${APP_PATH}/assets/`)) {
      const asset = build.asset(ASSET.exec(path)?.[1] ?? '');
      if (asset) return sendAsset(req, res, asset);
      // The API's JSON 404, never cached: a name missing now may be deployed in a moment.
      res.setHeader('Cache-Control', 'no-store');
      return next();
    }
    res.setHeader('Content-Security-Policy', APP_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.status(200).type('text/html; charset=utf-8').end(build.index);
  };
}

function sendAsset(req: Request, res: Response, asset: WebAsset): void {
  res.setHeader('Content-Type', asset.type);
  res.setHeader('Cache-Control', IMMUTABLE);
  res.setHeader('Content-Security-Policy', APP_CSP);
  let body = asset.body;
  if (asset.gzipped) {
    res.vary('Accept-Encoding');
    if (/\bgzip\b/i.test(req.get('accept-encoding') ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      body = asset.gzipped;
    }
  }
  res.status(200).end(body);
}
