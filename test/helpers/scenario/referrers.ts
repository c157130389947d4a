/**
 * The source class and platform of a landing page's referrer, for the hosts the scenario's
 * generator uses (it is ours, so a short fixed table is the honest oracle; a host missing from
 * it is a generator change that must extend it). The classes as documented: no referrer or the
 * page's own site (the same host but for a leading `www.`) is direct; a search engine is search;
 * a social network is social; everything else, webmail included, is a referral, with a named
 * platform only for the hosts the report names.
 */

export type SourceClass = 'direct' | 'search' | 'social' | 'referral';

export interface ReferrerSource {
  source: SourceClass;
  /** null when the referrer names no platform. */
  platform: string | null;
}

const KNOWN: Readonly<Record<string, ReferrerSource>> = {
  'www.google.com': { source: 'search', platform: 'google' },
  'www.bing.com': { source: 'search', platform: 'bing' },
  'duckduckgo.com': { source: 'search', platform: 'duckduckgo' },
  't.co': { source: 'social', platform: 'x' },
  'l.facebook.com': { source: 'social', platform: 'facebook' },
  'www.youtube.com': { source: 'social', platform: 'youtube' },
  'mail.google.com': { source: 'referral', platform: 'gmail' },
  'news.example': { source: 'referral', platform: null },
};

export function referrerSource(referrer: string | undefined, pageUrl: string): ReferrerSource {
  if (referrer === undefined || referrer === '') return { source: 'direct', platform: null };
  const host = new URL(referrer).hostname;
  const bare = (h: string) => h.replace(/^www\./, '');
  if (bare(host) === bare(new URL(pageUrl).hostname)) return { source: 'direct', platform: null };
  // Another subdomain of the shop (blog.shop.example from shop.example) is another site.
  return KNOWN[host] ?? { source: 'referral', platform: null };
}
