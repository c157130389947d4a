import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../shared/logger.js';
import { describeError, isTransient } from '../../shared/errors.js';
import { HttpError } from './errors.js';

/**
 * The last middleware. Client faults keep their 4xx; a server Cuepoint depends on being down or
 * overloaded (PostgreSQL, a standby, Redis) is a 503 the client may retry; anything else becomes
 * an opaque 500. Details (stack, SQL, driver messages) go to the log only, never to the client.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a JSON answer; let Express abort the connection.
      next(err);
      return;
    }
    const httpError = toHttpError(err);
    if (httpError.status === 503) {
      // A designed refusal (backlog full, queue unreachable): one short line, no stack, since
      // under overload there is one per request exactly when the process can least afford it.
      log.warn({ code: httpError.code, cause: err instanceof HttpError ? undefined : describeError(err), path: loggedPath(req.path) }, 'request refused: service unavailable');
    } else if (httpError.status >= 500) {
      log.error({ err, method: req.method, path: loggedPath(req.path) }, 'request failed');
    }
    for (const [name, value] of Object.entries(httpError.options.headers ?? {})) res.setHeader(name, value);
    res.status(httpError.status).json(httpError.body());
  };
}

/** How long a client should wait before retrying after a dependency failed. */
const RETRY_AFTER_S = 5;

/** A path as logged: the user id in `/v1/users/{userId}/…` is personal data and is never written. */
export function loggedPath(path: string): string {
  return path.replace(/^\/v1\/users\/[^/]+/i, '/v1/users/:userId');
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** Maps our own errors, and the 4xx errors of Express' own parsers and router, to an HttpError. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isTransient(err)) {
    return new HttpError(503, 'service_unavailable', 'a server Cuepoint depends on is unavailable; retry shortly', { headers: { 'Retry-After': String(RETRY_AFTER_S) } });
  }
  const status = clientStatus(err);
  if (status === undefined) return new HttpError(500, 'internal_error', 'internal server error');
  switch (errorType(err)) {
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'the body is not valid JSON', { field: 'body' });
    case 'entity.too.large':
      return new HttpError(413, 'body_too_large', 'the body is too large', { field: 'body' });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpError(415, 'unsupported_media_type', 'the body encoding is not supported', { field: 'content-type' });
    default:
      // The router's URI decoding failure and similar: the message is generic on purpose.
      return new HttpError(status, 'bad_request', 'the request is malformed');
  }
}

function clientStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const record = err as Record<string, unknown>;
  const status = typeof record.status === 'number' ? record.status : record.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function errorType(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const type = (err as Record<string, unknown>).type;
  return typeof type === 'string' ? type : undefined;
}
