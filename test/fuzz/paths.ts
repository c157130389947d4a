import fc from 'fast-check';
import { oddString } from './json.js';

/** Percent-encodes every byte but the unreserved ones; works on strings with lone surrogates too. */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Segments a router or a decoder may trip on: traversal, encoded slashes, invalid UTF-8, bad escapes. */
const NASTY_SEGMENTS = ['..', '.', '%2e%2e', '%2E%2E%2F', '%2F', '%00', '%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', ';', '%3B', '*', '~', '%5C..%5C', 'a%20b', '%F0%9F%98%80'];

/** One path segment, already safe to put on a request line. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,24}$/) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 3, arbitrary: oddString(30).map(percentEncode) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_SEGMENTS) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 6000 }).map((n) => 'a'.repeat(n)) },
);
