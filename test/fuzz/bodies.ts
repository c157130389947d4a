import fc from 'fast-check';

/** Byte sequences no fatal UTF-8 decoder accepts: stray continuation, overlong, CESU surrogate, truncated lead. */
const INVALID_UTF8 = [[0xff], [0x80], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** What to do to a body's bytes; positions are fractions of its length, so one plan fits any body. */
export type BodyBreak = (bytes: Buffer) => Uint8Array;

/**
 * Mostly nothing; else a body broken the ways a network, a buggy client or an attacker breaks
 * bodies: cut short, invalid UTF-8, a BOM, trailing junk, or noise instead of the body.
 */
export const bodyBreak: fc.Arbitrary<BodyBreak> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<BodyBreak>((bytes) => new Uint8Array(bytes)) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at): BodyBreak => (bytes) => new Uint8Array(bytes.subarray(0, Math.floor(at * bytes.length)))) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...INVALID_UTF8)).map(([at, bad]): BodyBreak => (bytes) => {
      const n = Math.floor(at * bytes.length);
      return new Uint8Array(Buffer.concat([bytes.subarray(0, n), Buffer.from(bad), bytes.subarray(n)]));
    }),
  },
  { weight: 1, arbitrary: fc.constant<BodyBreak>((bytes) => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))) },
  { weight: 1, arbitrary: fc.constantFrom('}', ']]', '\u0000', ' \n', 'garbage').map((tail): BodyBreak => (bytes) => new Uint8Array(Buffer.concat([bytes, Buffer.from(tail)]))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((noise): BodyBreak => () => noise) },
);
