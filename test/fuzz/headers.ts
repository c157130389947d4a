import fc from 'fast-check';
import { oddString } from './json.js';

export type HeaderLine = readonly [string, string];

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/**
 * A value the HTTP parser accepts: control characters other than tab make a parser-level 400
 * before the app sees anything, so they are sent on purpose only (`parserJunk`), not everywhere.
 */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ');
}

/** Header lines Node's parser refuses: a control byte in a value, a space in a name. */
const parserJunk: fc.Arbitrary<HeaderLine> = fc.constantFrom<HeaderLine>(['X-Bad', 'a\u007fb'], ['X-Bad', 'a\u0001b'], ['Bad Name', 'x'], ['X-Bad', 'a\rb']);

/** What a body may be announced as; the charset tricks are the interesting part. */
export const contentTypes: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.constantFrom(
      'application/json',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      ' application/json ',
      'application/json; charset="utf-8"',
      'application/json; charset=utf8',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16',
      'text/plain; charset=utf-8; charset=latin1',
      'text/plain; charset=',
      'text/plain; charset="',
      'application/json;;;',
      'application/jsonx',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '*/*',
      ';',
      '',
      'text/html',
      'application/json, text/plain',
    ),
  },
  { weight: 1, arbitrary: oddString(30).map(headerSafe) },
);

/**
 * Zero to two Content-Type lines: none, one, or a duplicate (Node keeps the first of a
 * repeated Content-Type and drops the rest).
 */
export const contentTypeLines: fc.Arbitrary<HeaderLine[]> = fc.oneof(
  { weight: 16, arbitrary: contentTypes.map((t): HeaderLine[] => [['Content-Type', t]]) },
  { weight: 1, arbitrary: fc.constant<HeaderLine[]>([]) },
  { weight: 1, arbitrary: fc.tuple(contentTypes, contentTypes).map(([a, b]): HeaderLine[] => [['Content-Type', a], ['content-type', b]]) },
);

/** A header value of 20-70 KB: past Node's 16 KB header limit, so the parser answers 431. */
export const hugeHeaderValue: fc.Arbitrary<string> = fc.integer({ min: 20_000, max: 70_000 }).map((n) => 'h'.repeat(n));

/** Headers nobody asked for, sometimes odd, rarely huge. */
export const extraHeaders: fc.Arbitrary<HeaderLine[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom('X-Forwarded-For', 'Accept', 'Accept-Encoding', 'Accept-Language', 'Referer', 'Cookie', 'X-Requested-With', 'If-None-Match', 'Range', 'Expect', 'CF-IPCountry'), oddString(60).map(headerSafe)) },
    { weight: 2, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), oddString(60).map(headerSafe)) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('Content-Encoding'), fc.constantFrom('gzip', 'br', 'identity', 'deflate, gzip', '')) },
    { weight: 1, arbitrary: fc.constant<HeaderLine>(['Expect', '100-continue']) },
    { weight: 1, arbitrary: parserJunk },
    { weight: 1, arbitrary: fc.tuple(fc.constant('X-Forwarded-For'), fc.constantFrom('203.0.113.9', '::1', 'unknown', '1.2.3.4, 5.6.7.8', '999.1.1.1', '[::1]:80', '')) },
  ),
  { maxLength: 2 },
);

export const userAgents: fc.Arbitrary<HeaderLine[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<HeaderLine[]>([['User-Agent', BROWSER_UA]]) },
  { weight: 1, arbitrary: fc.constant<HeaderLine[]>([]) },
  { weight: 2, arbitrary: oddString(80).map((ua): HeaderLine[] => [['User-Agent', headerSafe(ua)]]) },
  { weight: 1, arbitrary: fc.integer({ min: 600, max: 8000 }).map((n): HeaderLine[] => [['User-Agent', `Mozilla/5.0 ${'x'.repeat(n)}`]]) },
);

/**
 * An Authorization header around `token`: the right scheme mostly, and every way of getting it
 * wrong (other schemes, no token, two tokens, odd spacing, repeated lines).
 */
export function authorizationLines(token: fc.Arbitrary<string>): fc.Arbitrary<HeaderLine[]> {
  const scheme = fc.oneof(
    { weight: 8, arbitrary: fc.constant('Bearer ') },
    { weight: 4, arbitrary: fc.constantFrom('bearer ', 'BEARER  ', 'Basic ', 'Token ', 'Bearer\t', 'Bearer', 'Digest username=', '', 'Bearer Bearer ') },
  );
  return fc.oneof(
    { weight: 10, arbitrary: fc.tuple(scheme, token).map(([s, t]): HeaderLine[] => [['Authorization', headerSafe(`${s}${t}`)]]) },
    { weight: 1, arbitrary: fc.constant<HeaderLine[]>([]) },
    { weight: 1, arbitrary: fc.tuple(token, token).map(([a, b]): HeaderLine[] => [['Authorization', headerSafe(`Bearer ${a} ${b}`)]]) },
    { weight: 1, arbitrary: fc.tuple(token, token).map(([a, b]): HeaderLine[] => [['Authorization', headerSafe(`Bearer ${a}`)], ['Authorization', headerSafe(`Bearer ${b}`)]]) },
    { weight: 1, arbitrary: hugeHeaderValue.map((v): HeaderLine[] => [['Authorization', `Bearer ${v}`]]) },
  );
}
