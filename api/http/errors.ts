/**
 * Every answer that is not a success carries `{ error: { code, message, field? } }`, so a client
 * (or an operator reading logs) can tell what to fix without guessing from a status code.
 */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export interface HttpErrorOptions {
  /** The request part at fault: a body field, `body`, or a header name. */
  field?: string;
  headers?: Record<string, string>;
  /** Extra top-level members of the body (the ingest 400 repeats `accepted` and `rejected`). */
  extra?: Record<string, unknown>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: HttpErrorOptions = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  body(): ErrorBody & Record<string, unknown> {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.options.field !== undefined) error.field = this.options.field;
    return { ...this.options.extra, error };
  }
}

/** Seconds a client should wait before retrying when the queue cannot take work. */
export const RETRY_AFTER_SECONDS = 5;

export function serviceUnavailable(code: string, message: string): HttpError {
  return new HttpError(503, code, message, { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
}
