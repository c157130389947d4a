import { expect } from 'chai';
import { encodeInt4Be, unionCardinality, unionSets } from '../../../shared/sets/bitmap.js';
import { decodeSet, encodeNumbers, int4Be } from '../../helpers/bitmaps.js';

describe('member set bitmaps', () => {
  it('when numbers come from PostgreSQL as int4send bytes, unordered and repeated, then the set holds each once', () => {
    const set = encodeInt4Be(int4Be([70_000, 3, 3, 2_000_000_000, 0]));
    expect(set.cardinality).to.equal(4);
    expect(decodeSet(set.bytes)).to.deep.equal([0, 3, 70_000, 2_000_000_000]);
  });

  it('when the bytes are not whole 4-byte numbers then encoding refuses them', () => {
    expect(() => encodeInt4Be(Buffer.alloc(7))).to.throw(RangeError, /4 bytes each/);
  });

  it('when sets overlap then the union counts shared members once and is not the sum of sizes', () => {
    const days = [encodeNumbers([1, 2, 3]), encodeNumbers([3, 4]), encodeNumbers([])];
    expect(unionCardinality(days.map((d) => d.bytes))).to.equal(4);
    expect(days.reduce((sum, d) => sum + d.cardinality, 0)).to.equal(5);
    const merged = unionSets(days.map((d) => d.bytes));
    expect(merged.cardinality).to.equal(4);
    expect(decodeSet(merged.bytes)).to.deep.equal([1, 2, 3, 4]);
  });

  it('when there are no sets then the union is empty', () => {
    expect(unionCardinality([])).to.equal(0);
    expect(unionSets([]).cardinality).to.equal(0);
  });

  it('when a set is dense then it is stored in far fewer bytes than its numbers', () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => i * 2);
    const set = encodeNumbers(numbers);
    expect(set.cardinality).to.equal(100_000);
    expect(set.bytes.length).to.be.below((numbers.length * 4) / 2);
  });

  it('when many bitmaps are made and dropped then WebAssembly memory stops growing', () => {
    // WebAssembly memory is never garbage collected: without the dispose calls each union
    // below would keep ~240 KB, ~480 MB over the loop.
    const bytes = encodeNumbers(Array.from({ length: 200_000 }, (_, i) => i * 3)).bytes;
    for (let i = 0; i < 50; i++) unionCardinality([bytes, bytes]);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 2000; i++) expect(unionCardinality([bytes, bytes])).to.equal(200_000);
    expect(process.memoryUsage().rss - before).to.be.below(64 * 1024 * 1024);
  });
});
