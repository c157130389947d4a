import { ADDRESS_CHARS, boundKey, cutAddress, KEY_CHARS } from './storedText.js';

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

/** A page view's address as the worker stores it, in the two forms conversion rules match. */
export interface StoredPageUrl {
  /** Scheme, host, path and the allowed query parameters, within the column's cap. */
  url: string;
  pageKey: string;
}

/**
 * What the worker stores for a page view of `raw` (normalisation, then the column bounds), or
 * undefined for what is not an http(s) URL.
 */
export function storedPageUrl(raw: string, queryAllowlist: readonly string[]): StoredPageUrl | undefined {
  const url = parseHttpUrl(raw);
  if (!url) return undefined;
  return { url: cutAddress(stripUrl(url, queryAllowlist), ADDRESS_CHARS), pageKey: pageKeyOf(url) };
}
