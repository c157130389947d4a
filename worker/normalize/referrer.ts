import { ToDeadLetter } from './toDeadLetter.js';
import { isWebmailHost, sameSite } from './hosts.js';
import { lookupReferrer } from './knownReferrers.js';
import type { ReferrerClass, ReferrerSource } from './types.js';
import { parseHttpUrl, stripUrl } from '../../shared/events/pageUrl.js';

export interface Referrer {
  url: string | null;
  host: string | null;
  class: ReferrerClass;
  /** The four acquisition classes of the site reports (docs/architecture.md, "Sessions"). */
  source: ReferrerSource;
  /** A named search engine, social network or webmail (`google`, `facebook`, `gmail`), else null. */
  platform: string | null;
}

const DIRECT: Referrer = { url: null, host: null, class: 'direct', source: 'direct', platform: null };

/**
 * The report class of a finer class: an empty or internal referrer is direct (a visitor
 * moving within the site did not arrive from anywhere), and e-mail is a referral.
 */
export function sourceOfClass(c: ReferrerClass): ReferrerSource {
  switch (c) {
    case 'search':
      return 'search';
    case 'social':
      return 'social';
    case 'email':
    case 'external':
      return 'referral';
    default:
      return 'direct';
  }
}

/**
 * A referrer is a URL too, and its query string is the other site's (search terms,
 * tokens), so it is stripped by the same rule as the page URL.
 */
export function classifyReferrer(raw: string | null, pageHost: string | null, queryAllowlist: readonly string[]): Referrer | ToDeadLetter {
  if (raw === null || raw === '') return DIRECT;
  const url = parseHttpUrl(raw);
  if (!url) return new ToDeadLetter('invalid_referrer', 'referrer');
  const host = url.hostname;
  const stripped = stripUrl(url, queryAllowlist);
  if (pageHost !== null && sameSite(host, pageHost)) return { url: stripped, host, class: 'internal', source: 'direct', platform: null };
  const known = lookupReferrer(host, url.pathname);
  let c: ReferrerClass = 'external';
  let platform: string | null = null;
  if (known !== null && known.medium !== 'other') {
    c = known.medium;
    platform = known.platform;
  } else if (isWebmailHost(host)) {
    c = 'email';
  }
  return { url: stripped, host, class: c, source: sourceOfClass(c), platform };
}
