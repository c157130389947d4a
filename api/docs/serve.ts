import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';

/** Where the API reference lives; its assets sit under `<DOCS_PATH>/assets/<hash>/`. */
export const DOCS_PATH = '/docs';

/**
 * What Swagger UI needs, checked in Chromium with a `securitypolicyviolation` listener while
 * operations, request bodies, models and "try it" answers are shown:
 * - scripts: its bundle and our initializer, both files from this origin (no inline script,
 *   no eval);
 * - styles: its stylesheet from this origin (React sets styles through the DOM, which a CSP
 *   does not govern);
 * - images: its icons are `data:` SVGs inside the stylesheet; the page's favicon is empty;
 * - connections: the document and "try it" requests go to this origin only (the document's
 *   server is `/`).
 * Nothing may frame the page, and it has no forms to submit anywhere.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

interface DocsBundle {
  page: Buffer;
  /** By path under DOCS_PATH, e.g. `/assets/1a2b3c4d5e6f/swagger-ui-bundle.js`. */
  assets: Map<string, Asset>;
}

/** The source's `assets/`, from `api/docs/` (tests run the source) and from the compiled `dist/api/docs/`. */
const OWN_ASSET_DIRS = ['./assets/', '../../../api/docs/assets/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/**
 * GET/HEAD of the API reference page (Swagger UI rendering `/openapi.json`) and its static
 * files, served from the installed `swagger-ui-dist` package. The files are read and compressed
 * on the first request, so a process that never serves the page never pays for them.
 */
export function serveDocs(): RequestHandler {
  let bundle: DocsBundle | undefined;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path !== DOCS_PATH && req.path !== `${DOCS_PATH}/` && !req.path.startsWith(`${DOCS_PATH}/assets/`)) return next();
    bundle ??= loadDocsBundle();
    if (req.path === DOCS_PATH || req.path === `${DOCS_PATH}/`) {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      // The page names its assets by hash: a deploy shows the new ones at the next load.
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', DOCS_CSP);
      res.status(200).end(bundle.page);
      return;
    }
    const asset = bundle.assets.get(req.path.slice(DOCS_PATH.length));
    if (!asset) return next();
    send(req, res, asset);
  };
}

function loadDocsBundle(): DocsBundle {
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const ownDir = OWN_ASSET_DIRS.find((dir) => existsSync(join(dir, 'initializer.mjs')));
  if (ownDir === undefined) throw new Error('the API reference initializer (api/docs/assets/initializer.mjs) is missing');
  const assets = new Map<string, Asset>();
  const add = (file: string, name: string, type: string): string => {
    const body = readFileSync(file);
    const path = `/assets/${createHash('sha256').update(body).digest('hex').slice(0, 12)}/${name}`;
    assets.set(path, { type, body, gzipped: gzipSync(body) });
    return `${DOCS_PATH}${path}`;
  };
  const css = add(join(swaggerDir, 'swagger-ui.css'), 'swagger-ui.css', 'text/css; charset=utf-8');
  const script = add(join(swaggerDir, 'swagger-ui-bundle.js'), 'swagger-ui-bundle.js', 'text/javascript; charset=utf-8');
  const initializer = add(join(ownDir, 'initializer.mjs'), 'initializer.js', 'text/javascript; charset=utf-8');
  return { page: Buffer.from(pageHtml(css, script, initializer)), assets };
}

function pageHtml(css: string, script: string, initializer: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cuepoint API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${css}">
</head>
<body>
<main id="swagger-ui"></main>
<script src="${script}"></script>
<script src="${initializer}"></script>
</body>
</html>
`;
}

/** The assets never change under their hashed path. */
function send(req: Request, res: Response, asset: Asset): void {
  res.setHeader('Content-Type', asset.type);
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.vary('Accept-Encoding');
  let body = asset.body;
  if (/\bgzip\b/i.test(req.get('accept-encoding') ?? '')) {
    res.setHeader('Content-Encoding', 'gzip');
    body = asset.gzipped;
  }
  res.status(200).end(body);
}
