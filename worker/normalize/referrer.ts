import { ToDeadLetter } from './toDeadLetter.js';
import { isEmailHost, isSearchHost, isSocialHost, sameSite } from './hosts.js';
import type { ReferrerClass } from './types.js';
import { parseHttpUrl, stripUrl } from './url.js';

export interface Referrer {
  url: string | null;
  host: string | null;
  class: ReferrerClass;
}

const DIRECT: Referrer = { url: null, host: null, class: 'direct' };

/**
 * A referrer is a URL too, and its query string is the other site's (search terms,
 * tokens), so it is stripped by the same rule as the page URL.
 */
export function classifyReferrer(raw: string | null, pageHost: string | null, queryAllowlist: readonly string[]): Referrer | ToDeadLetter {
  if (raw === null || raw === '') return DIRECT;
  const url = parseHttpUrl(raw);
  if (!url) return new ToDeadLetter('invalid_referrer', 'referrer');
  const host = url.hostname;
  return { url: stripUrl(url, queryAllowlist), host, class: classOf(host, pageHost) };
}

function classOf(host: string, pageHost: string | null): ReferrerClass {
  if (pageHost !== null && sameSite(host, pageHost)) return 'internal';
  if (isEmailHost(host)) return 'email';
  if (isSearchHost(host)) return 'search';
  if (isSocialHost(host)) return 'social';
  return 'external';
}
