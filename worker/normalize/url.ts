import { pageKeyOf, parseHttpUrl, stripUrl } from '../../shared/events/pageUrl.js';
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
