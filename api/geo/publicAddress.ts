import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Ranges that name no place: loopback, private networks, link-local, shared CGNAT space,
 * documentation and benchmark networks, multicast and reserved space. A database may still hold
 * an entry for some of them, which would only ever be wrong for our visitors.
 */
const NOWHERE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  NOWHERE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], // unspecified and loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOWHERE.addSubnet(network, prefix, 'ipv6');
}

/**
 * A socket's address as one host: without an IPv6 zone id, and an IPv4 address mapped into
 * IPv6 (`::ffff:1.2.3.4`, which a dual-stack socket reports) as plain IPv4.
 */
export function plainAddress(ip: string): string {
  const address = ip.replace(/%.*$/, '');
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}

/**
 * The address to look up, in the form the databases index (plain IPv4 for a mapped address,
 * because country databases do not all alias the mapped range). Null when it names no place.
 */
export function publicAddress(ip: string | undefined): string | null {
  if (ip === undefined) return null;
  const address = plainAddress(ip);
  if (isIPv4(address)) return NOWHERE.check(address, 'ipv4') ? null : address;
  if (isIPv6(address)) return NOWHERE.check(address, 'ipv6') ? null : address;
  return null;
}
