import { createHash } from 'node:crypto';
import { validate } from 'uuid';

/**
 * RFC 4122 UUIDv5 (SHA-1 of the namespace's 16 bytes and the name's UTF-8), the same ids as
 * the `uuid` package's v5 and Python's uuid5, made with one hash and without its per-call
 * conversions: every Segment message needs one or two, so they were a visible share of the
 * route's CPU. Namespaces are the few project ids, kept as bytes once checked.
 */
const namespaces = new Map<string, Buffer>();
/** More projects than one web process serves in practice; past it the map starts over. */
const MAX_NAMESPACES = 10_000;

export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(namespaceBytes(namespace)).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function namespaceBytes(namespace: string): Buffer {
  const known = namespaces.get(namespace);
  if (known !== undefined) return known;
  // The uuid package refuses a namespace that is not a UUID; so does this.
  if (!validate(namespace)) throw new TypeError('Invalid UUID');
  if (namespaces.size >= MAX_NAMESPACES) namespaces.clear();
  const bytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  namespaces.set(namespace, bytes);
  return bytes;
}
