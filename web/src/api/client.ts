import { ApiError, apiErrorFrom } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  /** Sent as `X-Cuepoint-Project`: the project a session request is about. */
  project?: string;
  query?: Query;
}

export interface Fetched<T> {
  body: T;
  /** False when the server answered 304 and the cached body was reused. */
  changed: boolean;
  /** When the answer's figures were last rolled up (its `X-Cuepoint-Rolled-Up-At`), when it says. */
  rolledUpAt: string | undefined;
}

interface CachedAnswer {
  etag: string;
  body: unknown;
  rolledUpAt: string | undefined;
}

/** The number of answers kept for revalidation; polls ask the same few URLs again and again. */
const ETAG_CACHE_ENTRIES = 200;
/** Stats answers (200 and 304) say when their range was last rolled up. */
const ROLLED_UP_AT = 'x-cuepoint-rolled-up-at';

/**
 * The one way the app talks to the API: same-origin fetch with the session cookie, the project
 * header, the CSRF token on anything but GET, ETag revalidation of GETs (a repeated poll answered
 * 304 reuses the body it already has), and a typed error carrying the server's code and field.
 * A 401 on an authenticated call means the session is gone: `onUnauthorized` sends the app to login.
 */
export class ApiClient {
  private csrfToken: string | undefined;
  private readonly etags = new Map<string, CachedAnswer>();
  /** GETs on their way: two parts of a screen asking the same URL at once share one request. */
  private readonly inFlight = new Map<string, Promise<Fetched<unknown>>>();
  onUnauthorized: () => void = () => undefined;

  setCsrfToken(token: string | undefined): void {
    this.csrfToken = token;
    if (token === undefined) this.etags.clear();
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<Fetched<T>> {
    const url = withQuery(path, options.query);
    const key = `${options.project ?? ''} ${url}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<Fetched<T>>;
    const started = this.revalidate<T>(path, url, key, options.project).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private async revalidate<T>(path: string, url: string, key: string, project: string | undefined): Promise<Fetched<T>> {
    const cached = this.etags.get(key);
    const headers = this.headers(project, 'GET');
    if (cached) headers.set('If-None-Match', cached.etag);
    const res = await this.fetch(url, { method: 'GET', headers });
    if (res.status === 304 && cached) {
      // Most recently used last, so the oldest entry is evicted first.
      this.etags.delete(key);
      this.etags.set(key, cached);
      return { body: cached.body as T, changed: false, rolledUpAt: res.headers.get(ROLLED_UP_AT) ?? cached.rolledUpAt };
    }
    if (!res.ok) throw await this.failure(res, path);
    const body = (await res.json()) as T;
    const rolledUpAt = res.headers.get(ROLLED_UP_AT) ?? undefined;
    const etag = res.headers.get('etag');
    if (etag) {
      this.etags.delete(key);
      this.etags.set(key, { etag, body, rolledUpAt });
      if (this.etags.size > ETAG_CACHE_ENTRIES) this.etags.delete(this.etags.keys().next().value ?? '');
    }
    return { body, changed: true, rolledUpAt };
  }

  /** POST, PATCH, PUT or DELETE with a JSON body; undefined for 204. */
  async send<T = undefined>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const headers = this.headers(options.project, method);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await this.fetch(withQuery(path, options.query), init);
    if (!res.ok) throw await this.failure(res, path);
    if (res.status === 204 || res.headers.get('content-length') === '0') return undefined as T;
    return (await res.json()) as T;
  }

  private headers(project: string | undefined, method: string): Headers {
    const headers = new Headers({ Accept: 'application/json' });
    if (project !== undefined) headers.set('X-Cuepoint-Project', project);
    if (method !== 'GET' && this.csrfToken !== undefined) headers.set('X-CSRF-Token', this.csrfToken);
    return headers;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached.');
    }
  }

  private async failure(res: Response, path: string): Promise<ApiError> {
    const error = await apiErrorFrom(res);
    // Login and the session probe answer 401 as part of their normal work.
    if (res.status === 401 && !path.startsWith('/v1/auth/')) this.onUnauthorized();
    return error;
  }
}

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
