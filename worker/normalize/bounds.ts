import { LIMITS } from '../../shared/events/limits.js';
import { ADDRESS_CHARS, boundKey, cutAddress, KEY_CHARS } from '../../shared/events/storedText.js';
import { ToDeadLetter } from './toDeadLetter.js';
import type { NormalizedEvent } from './types.js';

/**
 * Why every stored text has a cap after normalisation, not only before: the API checks what
 * the client sent, but normalisation can grow it (a 2,000-character CJK address
 * percent-encodes into ~18,000 characters), and a value that lands in a btree key (the daily
 * tables' primary keys, set scopes, the order index) must fit an index row (2,704 bytes), or
 * the rollup of its day fails on every attempt.
 */

/**
 * Campaign tags are names people type into links, reported as they are: a longer one is cut to
 * its first 100 characters (two tags alike that far are one campaign in the reports).
 */
export const UTM_CHARS = 100;

/**
 * How a column stays within its cap:
 * - `key`: a longer value keeps its start, then `…` and a hash of the whole value, so two long
 *   values stay apart and the same value always gives the same key;
 * - `cut`: a longer address keeps its first `max` characters (never half a %XX escape);
 * - `contract`: the API refuses anything longer (or another step checked the form: uuids,
 *   enums), so a longer value here is a contract drift and the event is dropped.
 */
type Bound = { kind: 'key' | 'cut' | 'contract'; max: number };

const key = (max: number): Bound => ({ kind: 'key', max });
const cut = (max: number): Bound => ({ kind: 'cut', max });
const contract = (max: number): Bound => ({ kind: 'contract', max });

type TextColumn = { [K in keyof NormalizedEvent]-?: NormalizedEvent[K] extends string | null ? K : never }[keyof NormalizedEvent];

/** Every text column of `events`; a new one fails to compile until it has its bound here. */
const BOUNDS = {
  project_id: contract(36),
  event_id: contract(36),
  type: contract(32),
  visitor_id: contract(36),
  session_id: contract(36),
  play_id: contract(36),
  video_id: contract(128),
  slot_id: contract(128),
  to_slot_id: contract(128),
  target: contract(LIMITS.labelChars),
  label: contract(LIMITS.labelChars),
  url: cut(ADDRESS_CHARS),
  page_key: key(KEY_CHARS),
  url_host: key(KEY_CHARS),
  url_path: cut(ADDRESS_CHARS),
  referrer: cut(ADDRESS_CHARS),
  referrer_host: key(KEY_CHARS),
  referrer_class: contract(16),
  referrer_source: contract(16),
  referrer_platform: key(LIMITS.labelChars),
  utm_source: cut(UTM_CHARS),
  utm_medium: cut(UTM_CHARS),
  utm_campaign: cut(UTM_CHARS),
  utm_term: cut(UTM_CHARS),
  utm_content: cut(UTM_CHARS),
  conversion_type: contract(LIMITS.labelChars),
  currency: contract(3),
  order_id: contract(LIMITS.labelChars),
  name: contract(LIMITS.labelChars),
  browser: key(LIMITS.labelChars),
  browser_version: key(LIMITS.labelChars),
  os: key(LIMITS.labelChars),
  device: contract(16),
  language: key(35),
  screen_class: contract(16),
  country: contract(2),
  region: key(LIMITS.labelChars),
  city: key(LIMITS.labelChars),
  ip_prefix: contract(64),
} as const satisfies Record<TextColumn, Bound>;

const COLUMNS = Object.keys(BOUNDS) as TextColumn[];

/** The last step: every text column within its cap, or a ToDeadLetter naming the first that cannot be. */
export function boundColumns(row: NormalizedEvent): NormalizedEvent | ToDeadLetter {
  const bounded: NormalizedEvent = { ...row };
  for (const column of COLUMNS) {
    const value = row[column];
    if (value === null || value.length <= BOUNDS[column].max) continue;
    const bound: Bound = BOUNDS[column];
    if (bound.kind === 'contract') return new ToDeadLetter('too_long', column);
    // The enum-typed columns are all `contract`, so only plain text columns get here.
    (bounded as Record<TextColumn, string | null>)[column] = bound.kind === 'key' ? boundKey(value, bound.max) : cutAddress(value, bound.max);
  }
  return bounded;
}
