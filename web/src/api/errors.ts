/** An answer other than 2xx/304, with what the server said was wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's error code (`invalid_credentials`, `insufficient_role` …), or `network_error`. */
    readonly code: string,
    message: string,
    /** The request part at fault, when the server named one. */
    readonly field?: string,
    /** Seconds from `Retry-After`, when given. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown };
}

/** Reads the server's `{ error: { code, message, field? } }`, tolerating any other body. */
export async function apiErrorFrom(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const e = body.error ?? {};
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    typeof e.code === 'string' ? e.code : `http_${res.status}`,
    typeof e.message === 'string' ? e.message : res.statusText || `HTTP ${res.status}`,
    typeof e.field === 'string' ? e.field : undefined,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
