import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyKind } from './entities/ApiKey.js';

const KIND_TAG: Record<KeyKind, string> = { write: 'cpw', read: 'cpr', admin: 'cpa', server: 'cps' };
const PREFIX_LENGTH = 12;

interface GeneratedKey {
  /** The full secret, shown once. */
  key: string;
  /** The visible, non-secret part operators list and revoke by. */
  prefix: string;
  hash: string;
}

/** `cpw_<8 hex>_<43 base64url>`: kind tag, a public prefix, then 256 bits of secret. */
export function generateKey(kind: KeyKind): GeneratedKey {
  const key = `${KIND_TAG[kind]}_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: keyPrefix(key), hash: hashKey(key) };
}

export function keyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares a presented key with a stored hash in constant time. */
export function keyMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
