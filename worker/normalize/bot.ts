import crawlers from 'crawler-user-agents';

/**
 * The maintained crawler list (crawler-user-agents, MIT) plus what it leaves out on purpose:
 * headless browsers and bare HTTP client runtimes, which never render a widget for a person.
 */
const EXTRA_PATTERNS = ['HeadlessChrome', 'PhantomJS', '^node$', '^undici', '^node-fetch', '^axios/', '^Go-http-client', '^okhttp'];
const BOT_PATTERN = new RegExp([...crawlers.map((c) => c.pattern), ...EXTRA_PATTERNS].join('|'), 'i');

/**
 * Every event of a request shares its user agent and the pattern has ~700 alternatives, so
 * answers are remembered. User agents come from clients: the memory is bounded and simply
 * starts over when full.
 */
const MAX_REMEMBERED = 2000;
const remembered = new Map<string, boolean>();

/**
 * Bots are stored and flagged, never dropped: the stats API can include them on request
 * and rollups carry the flag, so flipping the switch needs no rebuild.
 */
export function detectBot(ua: string | null): boolean {
  if (ua === null) return false;
  let isBot = remembered.get(ua);
  if (isBot === undefined) {
    isBot = BOT_PATTERN.test(ua);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(ua, isBot);
  }
  return isBot;
}
