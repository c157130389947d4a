/**
 * What the known-referrer list (knownReferrers.ts) cannot say: whether a referrer is the
 * page's own site, and webmail of providers too small to be listed (mail.isp.example).
 */

/** Webmail hosts of providers not listed (mail.example.net, webmail.isp.com). */
const EMAIL_PREFIX = /^(web)?mail\./;

export function isWebmailHost(host: string): boolean {
  return EMAIL_PREFIX.test(host);
}

/** `www.shop.example` and `shop.example` are the same site for the internal class. */
export function sameSite(a: string, b: string): boolean {
  return a.replace(/^www\./, '') === b.replace(/^www\./, '');
}
