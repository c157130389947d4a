/**
 * Small built-in host lists for the referrer class. A host matches a listed domain
 * when it is that domain or a subdomain of it (m.facebook.com matches facebook.com).
 */
const EMAIL_DOMAINS = [
  'mail.google.com',
  'inbox.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'mail.yahoo.com',
  'mail.yahoo.co.jp',
  'mail.aol.com',
  'mail.proton.me',
  'mail.zoho.com',
  'mail.yandex.ru',
  'e.mail.ru',
];
/** Webmail hosts of providers not listed above (mail.example.net, webmail.isp.com). */
const EMAIL_PREFIX = /^(web)?mail\./;

const SEARCH_DOMAINS = [
  'bing.com',
  'duckduckgo.com',
  'search.yahoo.com',
  'search.yahoo.co.jp',
  'baidu.com',
  'ecosia.org',
  'naver.com',
  'qwant.com',
  'startpage.com',
  'search.brave.com',
  'ask.com',
  'sogou.com',
  'so.com',
  'seznam.cz',
  'daum.net',
  'kagi.com',
];
/** Google and Yandex run one host per country: google.de, google.co.jp, google.com.br. */
const SEARCH_PATTERN = /(^|\.)(google|yandex)\.(com?\.)?[a-z]{2,3}$/;

const SOCIAL_DOMAINS = [
  'facebook.com',
  'fb.com',
  'fb.me',
  'instagram.com',
  'threads.net',
  't.co',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'lnkd.in',
  'pinterest.com',
  'reddit.com',
  'youtube.com',
  'youtu.be',
  'tiktok.com',
  'line.me',
  'snapchat.com',
  'vk.com',
  'weibo.com',
  'tumblr.com',
  'quora.com',
  't.me',
  'telegram.org',
  'whatsapp.com',
  'wa.me',
  'discord.com',
  'bsky.app',
  'mastodon.social',
  'news.ycombinator.com',
];

function underAny(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

// E-mail first: mail.google.com would otherwise read as a Google search.
export function isEmailHost(host: string): boolean {
  return underAny(host, EMAIL_DOMAINS) || EMAIL_PREFIX.test(host);
}

export function isSearchHost(host: string): boolean {
  return underAny(host, SEARCH_DOMAINS) || SEARCH_PATTERN.test(host);
}

export function isSocialHost(host: string): boolean {
  return underAny(host, SOCIAL_DOMAINS);
}

/** `www.shop.example` and `shop.example` are the same site for the internal class. */
export function sameSite(a: string, b: string): boolean {
  return a.replace(/^www\./, '') === b.replace(/^www\./, '');
}
