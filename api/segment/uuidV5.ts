import { hash } from 'node:crypto';
import { validate } from 'uuid';

/**
 * RFC 4122 UUIDv5 (SHA-1 of the namespace's 16 bytes and the name's UTF-8), the same ids as
 * the `uuid` package's v5 and Python's uuid5, made with one one-shot hash and without its
 * per-call conversions: every Segment message needs one or two, so they were a visible share
 * of the route's CPU. Namespaces are the few project ids, kept as bytes once checked.
 */
const namespaces = new Map<string, Buffer>();
/** More projects than one web process serves in practice; past it the map starts over. */
const MAX_NAMESPACES = 10_000;
const VARIANT_DIGITS = '89ab';

export function uuidV5(name: string, namespace: string): string {
  const ns = namespaceBytes(namespace);
  const input = Buffer.allocUnsafe(ns.length + Buffer.byteLength(name, 'utf8'));
  ns.copy(input, 0);
  input.write(name, ns.length, 'utf8');
  const hex = hash('sha1', input, 'hex');
  // Version 5 in the high nibble of byte 6, the RFC 4122 variant (10xx) in that of byte 8.
  const variant = VARIANT_DIGITS[Number.parseInt(hex.charAt(16), 16) & 0x3] ?? '8';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
