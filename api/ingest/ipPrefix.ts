import { isIPv4, isIPv6 } from 'node:net';
import { plainAddress } from '../geo/publicAddress.js';

/**
 * The network part of a client address: /24 for IPv4, /48 for IPv6 (roughly one site).
 * The full address never leaves the web process.
 */
export function truncateIp(ip: string | undefined): string | null {
  if (ip === undefined) return null;
  const address = plainAddress(ip);
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (!isIPv6(address)) return null;
  const groups = expandIPv6(address).slice(0, 3);
  return `${groups.map((g) => g.toString(16)).join(':')}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and an embedded IPv4 tail). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [, a, b, c, d] = tail.map(Number);
    const hi = ((a ?? 0) << 8) | (b ?? 0);
    const lo = ((c ?? 0) << 8) | (d ?? 0);
    text = `${text.slice(0, tail.index)}${hi.toString(16)}:${lo.toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}
