import { RoaringBitmap32 } from 'roaring-wasm';

/**
 * Member sets are stored as Roaring bitmaps in the portable format (readable by the Java, Go
 * and C implementations and by pg_roaringbitmap). The library keeps bitmaps in WebAssembly
 * memory, which the garbage collector never frees: every bitmap made here is disposed before
 * the function returns, so callers only ever see plain bytes and numbers.
 */
const FORMAT = 'portable';

export interface EncodedSet {
  bytes: Buffer;
  cardinality: number;
}

/** Builds a set from member numbers sent by PostgreSQL as `int4send` bytes (big-endian). */
export function encodeInt4Be(int4s: Buffer): EncodedSet {
  if (int4s.length % 4 !== 0) throw new RangeError(`member numbers must be 4 bytes each, got ${int4s.length} bytes`);
  const numbers = new Uint32Array(int4s.length / 4);
  for (let i = 0; i < numbers.length; i++) numbers[i] = int4s.readUInt32BE(i * 4);
  return withBitmap(RoaringBitmap32.from(numbers), encode);
}

/** The union of stored sets, re-encoded (pre-merged months). */
export function unionSets(sets: readonly Uint8Array[]): EncodedSet {
  return withUnion(sets, encode);
}

/** The number of distinct members over stored sets: the exact count a range reports. */
export function unionCardinality(sets: readonly Uint8Array[]): number {
  if (sets.length === 0) return 0;
  return withUnion(sets, (bitmap) => bitmap.size);
}

function encode(bitmap: RoaringBitmap32): EncodedSet {
  bitmap.runOptimize();
  const bytes = bitmap.serialize(FORMAT);
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), cardinality: bitmap.size };
}

function withUnion<T>(sets: readonly Uint8Array[], use: (bitmap: RoaringBitmap32) => T): T {
  return withBitmap(new RoaringBitmap32(), (union) => {
    for (const bytes of sets) withBitmap(RoaringBitmap32.deserialize(FORMAT, bytes), (set) => union.orInPlace(set));
    return use(union);
  });
}

function withBitmap<T>(bitmap: RoaringBitmap32, use: (bitmap: RoaringBitmap32) => T): T {
  try {
    return use(bitmap);
  } finally {
    bitmap.dispose();
  }
}

/** How a base population splits by a second one, and where each probed member falls. */
export interface MemberSplit {
  /** Members of the base union that are also in the other union. */
  inBoth: number;
  /** Members of the base union that are not. */
  baseOnly: number;
  /** Per probe, in order: whether the base union and the other union hold it. */
  probes: { inBase: boolean; inOther: boolean }[];
}

/**
 * Splits the union of `base` sets by the union of `other` sets (exact counts of the
 * intersection and the difference) and looks up each of `probes` in both unions.
 */
export function splitMembers(base: readonly Uint8Array[], other: readonly Uint8Array[], probes: readonly number[]): MemberSplit {
  return withUnion(base, (b) =>
    withUnion(other, (o) => {
      const inBoth = b.andCardinality(o);
      return { inBoth, baseOnly: b.size - inBoth, probes: probes.map((n) => ({ inBase: b.has(n), inOther: o.has(n) })) };
    }),
  );
}
