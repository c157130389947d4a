import { createHash } from 'node:crypto';
import { LIMITS } from './limits.js';

/**
 * How a stored text keeps within its column's cap. Normalisation can grow what the client sent
 * (a 2,000-character CJK address percent-encodes into ~18,000 characters), and a value that
 * lands in a btree key must fit an index row, so the worker bounds every text column again
 * before it stores an event; what is matched against stored events (conversion rules) is
 * bounded the same way.
 */

/** Identities that rows are grouped and keyed by: page keys, hosts, campaign tags, agent names. */
export const KEY_CHARS = 512;
/** The contract's URL limit, applied again after encoding. */
export const ADDRESS_CHARS = LIMITS.urlChars;

/** Hex digits of SHA-256 that keep two long keys with a common start apart (64 bits). */
const HASH_HEX = 16;
/** Never part of a serialized URL (WHATWG percent-encodes non-ASCII), so a cut key cannot equal a whole one. */
const CUT_MARK = '…';

/** `value` if it has at most `max` characters, else its start, `…` and a hash of all of it. */
export function boundKey(value: string, max: number): string {
  if (value.length <= max) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, HASH_HEX);
  return `${value.slice(0, cleanEnd(value, max - CUT_MARK.length - HASH_HEX))}${CUT_MARK}${hash}`;
}

/** The first `max` characters of an address, or fewer so as not to end inside a %XX escape. */
export function cutAddress(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, cleanEnd(value, max));
}

/** An end at or before `end` that splits neither a surrogate pair nor a %XX escape. */
function cleanEnd(value: string, end: number): number {
  const last = value.charCodeAt(end - 1);
  const whole = last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
  const percent = value.lastIndexOf('%', whole - 1);
  return percent >= 0 && percent > whole - 3 ? percent : whole;
}
