import UAParser from 'ua-parser-js';
import type { DeviceClass } from './types.js';

export interface AgentInfo {
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  device: DeviceClass | null;
}

const NO_AGENT: AgentInfo = { browser: null, browserVersion: null, os: null, device: null };

/** ua-parser-js reports no device type for desktops, so the OS decides. */
const DESKTOP_OS: ReadonlySet<string> = new Set([
  'Windows',
  'Mac OS',
  'macOS',
  'Linux',
  'Ubuntu',
  'Debian',
  'Fedora',
  'Mint',
  'Arch',
  'Gentoo',
  'openSUSE',
  'Chromium OS',
  'Chrome OS',
  'FreeBSD',
  'OpenBSD',
  'NetBSD',
]);

// One job's events share a user agent and a site's visitors share a handful; parsing
// costs far more than a lookup. Bounded so odd agents cannot grow memory.
const cache = new Map<string, AgentInfo>();
const CACHE_MAX = 2000;

export function parseUserAgent(ua: string | null): AgentInfo {
  if (!ua) return NO_AGENT;
  const hit = cache.get(ua);
  if (hit) return hit;
  const info = parse(ua);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(ua, info);
  return info;
}

function parse(ua: string): AgentInfo {
  const result = new UAParser(ua).getResult();
  return {
    browser: result.browser.name ?? null,
    browserVersion: result.browser.version ?? null,
    os: result.os.name ?? null,
    device: deviceClass(result.device.type, result.os.name),
  };
}

function deviceClass(type: string | undefined, os: string | undefined): DeviceClass {
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type === undefined && os !== undefined && DESKTOP_OS.has(os)) return 'desktop';
  return 'other';
}
