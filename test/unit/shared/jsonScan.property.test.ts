import { expect } from 'chai';
import fc from 'fast-check';
import { scanJson } from '../../../shared/events/jsonScan.js';
import { findUnsafeValue } from '../../../shared/events/safety.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

/** What the walk replaces: serialising the value to count its bytes, then walking it for unsafe values. */
function serialised(value: unknown): { bytes: number; unsafe: ReturnType<typeof findUnsafeValue> } {
  return { bytes: Buffer.byteLength(JSON.stringify(value)), unsafe: findUnsafeValue(value) };
}

/** Any string, lone surrogates, NULs and control characters included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', '"', '\\', '\n', '\u001f', 'é', '€', '😀', '\u2028', 'a') }),
);
const keys = fc.oneof({ weight: 8, arbitrary: anyText }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toJSON', '0', '10') });
/** JSON data as JSON.parse makes it, and as the Segment mapping builds it (undefined members, sparse arrays). */
const { value: values } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
    fc.dictionary(keys, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 4 }),
  ),
}));

/** A chain of single-member objects `depth` deep, for the nesting limits. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { [`k${i % 3}`]: i % 2 === 0 ? value : [value] };
  return value;
}

describe('scanJson', () => {
  it('when any JSON-like value is scanned then its bytes and first unsafe value are what serialising and findUnsafeValue give', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(scanJson(value)).to.deep.equal(serialised(value));
      }),
      { numRuns: RUNS },
    );
  });

  it('when a parsed JSON body holds prototype keys then they are sized as data and named as forbidden', () => {
    const raw = JSON.parse('{"a":1,"b":{"__proto__":{"x":"\\u0000"},"c":[1,{"constructor":2}]}}') as unknown;
    expect(scanJson(raw)).to.deep.equal(serialised(raw));
    expect(scanJson(raw).unsafe).to.deep.equal({ field: 'b.__proto__', reason: 'forbidden key' });
  });

  it('when a value nests around the depth limits then the answer is the same as before', () => {
    for (const depth of [0, 9, 10, 11, 63, 64, 65, 200]) {
      const value = nested(depth, 'leaf\u0000');
      expect(scanJson(value), `depth ${depth}`).to.deep.equal(serialised(value));
    }
  });

  it('when a value is too deep for JSON.stringify then the scan throws the same RangeError', () => {
    const value = nested(200_000, 1);
    expect(() => JSON.stringify(value)).to.throw(RangeError);
    expect(() => scanJson(value)).to.throw(RangeError);
  });

  it('when a value is not plain JSON data then it is sized as JSON.stringify sizes it', () => {
    const odd = { at: new Date(Date.UTC(2026, 0, 1)), f: () => 1, own: { toJSON: () => 'short' }, n: Number.NaN, inf: -Infinity, neg: -0 };
    expect(scanJson(odd)).to.deep.equal(serialised(odd));
  });
});
