import { useEffect, useState } from 'preact/hooks';

/** Where the server mounts the app; every route is below it. */
export const BASE = '/app';

export interface Location {
  /** Below BASE, starting with `/` (`/p/abc/overview`). */
  path: string;
  query: URLSearchParams;
}

type Listener = () => void;
const listeners = new Set<Listener>();

function current(): Location {
  const { pathname, search } = window.location;
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) || '/' : pathname;
  return { path, query: new URLSearchParams(search) };
}

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

/** The URL of an app path (`/p/abc/overview` → `/app/p/abc/overview`), with an optional query. */
export function href(path: string, query?: URLSearchParams | Record<string, string>): string {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(query);
  const search = params.toString();
  return `${BASE}${path}${search ? `?${search}` : ''}`;
}

/** Goes to an app URL (as made by `href`); `replace` keeps the history entry (redirects, filters). */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (url === window.location.pathname + window.location.search) return;
  if (options.replace === true) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  notify();
}

/** Changes some query parameters of the current URL (undefined removes one), replacing the entry. */
export function setQuery(changes: Record<string, string | undefined>): void {
  const { path, query } = current();
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) query.delete(name);
    else query.set(name, value);
  }
  navigate(href(path, query), { replace: true });
}

/** The current location; the component renders again when it changes. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const listener = () => setLocation(current());
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return location;
}

/**
 * Matches a pattern like `/p/:projectId/overview` against a path; the parameters by name, or
 * undefined. Parameters match one non-empty segment and are URL-decoded; a final `*` matches
 * the rest of the path (possibly nothing), given as the parameter `*`.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  let want = pattern.split('/').filter(Boolean);
  let have = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  if (want[want.length - 1] === '*') {
    want = want.slice(0, -1);
    if (have.length < want.length) return undefined;
    params['*'] = have.slice(want.length).join('/');
    have = have.slice(0, want.length);
  }
  if (want.length !== have.length) return undefined;
  for (const [i, part] of want.entries()) {
    const segment = have[i] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) return undefined;
  }
  return params;
}
