import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { HttpError } from '../http/errors.js';
import type { CachedProject } from '../projects/snapshot.js';

/** Chromium caps a preflight cache at 2 hours; asking for more gains nothing. */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/**
 * Preflights carry no key, so the answer cannot depend on the project: every well-formed
 * origin is told it may POST. The real check happens on the POST, after the key lookup.
 */
export function preflightAllowing(headers: string): RequestHandler {
  return (req, res) => {
    const origin = req.get('origin');
    if (origin !== undefined && isOriginHeader(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', headers);
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    res.status(204).end();
  };
}

export const preflight: RequestHandler = preflightAllowing('Content-Type, X-Cuepoint-Key');

/**
 * Requests without Origin come from servers and are allowed; a browser's Origin must be one
 * of the project's allowed origins. Allowed origins get CORS headers so the browser lets the
 * page read the answer; others get none.
 */
export function checkOrigin(res: Response, origin: string | undefined, project: CachedProject): void {
  if (origin === undefined) return;
  const normalized = normalizeOriginHeader(origin);
  if (normalized === undefined || !project.allowedOrigins.has(normalized)) {
    throw new HttpError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this project`, { field: 'origin' });
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

/**
 * Error answers (4xx, 503) to a browser request carry CORS headers for its origin, so the
 * tracker can read the status and `Retry-After` and tell "drop" from "retry later". The one
 * exception is `origin_not_allowed`: a disallowed origin learns nothing, as before. A 202 only
 * ever gets CORS headers from `checkOrigin`, after the allowlist check.
 */
export const errorCors: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const origin = req.get('origin');
  const refusedOrigin = err instanceof HttpError && err.code === 'origin_not_allowed';
  if (origin !== undefined && isOriginHeader(origin) && !refusedOrigin && !res.headersSent) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  }
  next(err);
};

/** `https://Shop.example:443` → `https://shop.example`; `null` and junk → undefined. */
export function normalizeOriginHeader(origin: string): string | undefined {
  if (!isOriginHeader(origin)) return undefined;
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

function isOriginHeader(value: string): boolean {
  return /^https?:\/\/[^/?#\s]+$/i.test(value);
}
