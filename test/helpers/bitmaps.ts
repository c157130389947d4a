import { RoaringBitmap32 } from 'roaring-wasm';
import { encodeInt4Be, type EncodedSet } from '../../shared/sets/bitmap.js';

/** Member numbers as PostgreSQL's `int4send` sends them: 4 bytes each, big-endian. */
export function int4Be(numbers: readonly number[]): Buffer {
  const bytes = Buffer.alloc(numbers.length * 4);
  numbers.forEach((n, i) => bytes.writeUInt32BE(n, i * 4));
  return bytes;
}

/** A stored set of the given member numbers, made by the same encoder rollups use. */
export function encodeNumbers(numbers: readonly number[]): EncodedSet {
  return encodeInt4Be(int4Be(numbers));
}

/**
 * The members of a stored set, ascending. Reads the portable format on its own rather than
 * through the production module, so a test also shows that what is stored is that format.
 * The bitmap lives in WebAssembly memory, which is never garbage collected: disposed here.
 */
export function decodeSet(bytes: Uint8Array): number[] {
  const bitmap = RoaringBitmap32.deserialize('portable', bytes);
  try {
    return bitmap.toArray();
  } finally {
    bitmap.dispose();
  }
}
