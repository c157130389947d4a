import { boundKey, KEY_CHARS } from './bounds.js';
import { ToDeadLetter } from './toDeadLetter.js';

export interface Utm {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
}

export interface PageUrl {
  /** Scheme, host, path and only the allowed query parameters; never a fragment or credentials. */
  url: string;
  /** Lowercased scheme + host, then the path as sent: paths are case-sensitive on most servers (see pageKeyOf). */
  pageKey: string;
  host: string;
  path: string;
  utm: Utm;
}

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** Parses an http(s) URL; anything else is not a page the widget could have been on. */
export function parseHttpUrl(raw: string): URL | undefined {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/**
 * Query strings carry e-mail addresses, session tokens and search terms; only campaign
 * tags and what the project explicitly allowlists may be stored.
 */
export function stripUrl(url: URL, queryAllowlist: readonly string[]): string {
  const kept = new URLSearchParams();
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase().startsWith('utm_') || queryAllowlist.includes(key)) kept.append(key, value);
  }
  const query = kept.size > 0 ? `?${kept.toString()}` : '';
  // WHATWG URL has already lowercased the scheme and host and dropped default ports.
  return `${url.protocol}//${url.host}${url.pathname}${query}`;
}

/**
 * The page a URL stands for: lowercased scheme + host, then the path as sent (query and
 * fragment left out). A key over 512 characters (a long non-ASCII path percent-encodes to
 * nine characters per character) keeps its start, then `…` and a hash of the whole key, so
 * it fits every index and two long pages stay apart. Conversion rules derive their keys here too.
 */
export function pageKeyOf(url: URL): string {
  return boundKey(`${url.protocol}//${url.host}${url.pathname}`, KEY_CHARS);
}

export function normalizePageUrl(raw: string, queryAllowlist: readonly string[]): PageUrl | ToDeadLetter {
  const url = parseHttpUrl(raw);
  if (!url) return new ToDeadLetter('invalid_url', 'url');
  return {
    url: stripUrl(url, queryAllowlist),
    pageKey: pageKeyOf(url),
    host: url.hostname,
    path: url.pathname,
    utm: readUtm(url.searchParams),
  };
}

function readUtm(params: URLSearchParams): Utm {
  const utm: Utm = { utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null };
  for (const [key, value] of params) {
    const k = key.toLowerCase();
    const known = UTM_KEYS.find((u) => u === k);
    if (known && utm[known] === null && value !== '') utm[known] = value;
  }
  return utm;
}
