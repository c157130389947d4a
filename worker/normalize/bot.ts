import crawlers from 'crawler-user-agents';

/**
 * The maintained crawler list (crawler-user-agents, MIT) plus what it leaves out on purpose:
 * headless browsers and bare HTTP client runtimes, which never render a widget for a person.
 */
const EXTRA_PATTERNS = ['HeadlessChrome', 'PhantomJS', '^node$', '^undici', '^node-fetch', '^axios/', '^Go-http-client', '^okhttp'];
const BOT_PATTERN = new RegExp([...crawlers.map((c) => c.pattern), ...EXTRA_PATTERNS].join('|'), 'i');

/**
 * Bots are stored and flagged, never dropped: the stats API can include them on request
 * and rollups carry the flag, so flipping the switch needs no rebuild.
 */
export function detectBot(ua: string | null): boolean {
  return ua !== null && BOT_PATTERN.test(ua);
}
