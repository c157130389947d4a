import fc from 'fast-check';

/**
 * JSON as the fuzzer writes it. Objects are entry lists rather than JS objects so that a body
 * can hold what `JSON.stringify` of a JS object never produces: `__proto__` as an own key,
 * duplicate keys, and number literals like `1e999` or `-0`.
 */
export type Json = null | boolean | number | string | readonly Json[] | JsonObject | RawNumber;

export interface JsonObject {
  readonly kind: 'object';
  readonly entries: readonly (readonly [string, Json])[];
}

export interface RawNumber {
  readonly kind: 'raw';
  readonly text: string;
}

export function obj(entries: readonly (readonly [string, Json])[]): JsonObject {
  return { kind: 'object', entries };
}

export function isObject(value: Json): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && (value as JsonObject | RawNumber).kind === 'object';
}

/** JSON text; `JSON.stringify` of a string escapes lone surrogates (`\ud800`), so they survive UTF-8. */
export function toJsonText(value: Json): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${(value as readonly Json[]).map(toJsonText).join(',')}]`;
  const node = value as JsonObject | RawNumber;
  if (node.kind === 'raw') return node.text;
  return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
}

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Strings that have broken parsers, databases and log lines before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\udc00y',
  '\u202eevil\u202c',
  '\u200f\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\ufeff',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\r\n\r\n',
  '%00',
  '%',
  '../../etc/passwd',
  "'; drop table events; --",
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e999',
  ...PROTOTYPE_KEYS,
  'hasOwnProperty',
  'toString',
  'valueOf',
];

/** Building a string arbitrary maps its whole alphabet (all of Unicode for `binary`): build each once. */
const oddStrings = new Map<number, fc.Arbitrary<string>>();

/** Any string, weighted towards the odd: lone surrogates, NUL, RTL, emoji, prototype names. */
export function oddString(maxLength = 40): fc.Arbitrary<string> {
  let arbitrary = oddStrings.get(maxLength);
  if (!arbitrary) {
    arbitrary = fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength }) },
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
      { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    );
    oddStrings.set(maxLength, arbitrary);
  }
  return arbitrary;
}

/** A string over the body limits: rare, since each one costs real time and memory. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'é', '😀', '\u0000', '\ud800', '"'), fc.integer({ min: 20_000, max: 700_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

const oddNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e12, 86_400, 86_401, 25, 50, 100),
  fc.constantFrom('1e999', '-1e999', '-0', '1.0e-400', '123456789012345678901234567890', '0.0000000000000000000001').map(
    (text): RawNumber => ({ kind: 'raw', text }),
  ),
);

const scalar: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), oddNumber, oddString());

/** A key: usually plain, sometimes a prototype name or odd Unicode. */
export const oddKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 2, arbitrary: oddString(12) },
);

/** Any JSON value, nested a few levels, with odd keys and strings. */
export const anyJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    { weight: 5, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(oddKey, tie('value')), { maxLength: 5 }).map(obj) },
  ),
})).value;

/** Nesting far past the 10-level cap (and past what a recursive walk survives). */
export const deepJson: fc.Arbitrary<Json> = fc.tuple(fc.integer({ min: 11, max: 20_000 }), fc.boolean()).map(([depth, arrays]) => {
  const open = arrays ? '['.repeat(depth) : '{"a":'.repeat(depth);
  const close = arrays ? ']'.repeat(depth) : '}'.repeat(depth);
  return { kind: 'raw', text: `${open}1${close}` };
});
