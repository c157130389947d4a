import { writeFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * A tiny writer of MaxMind DB (format 2.0) files, so tests look places up in databases they
 * build themselves instead of shipping licensed data. It writes what real city and country
 * files use: an IPv6 search tree with 24-bit records, IPv4 networks placed at ::a.b.c.d/96+n
 * (where readers look IPv4 addresses up), and a data section of maps, arrays, UTF-8 strings,
 * doubles and unsigned integers. Records are not deduplicated; a test database holds a handful.
 */

/** A value the data section can hold. `uint()` marks an unsigned integer; other numbers are doubles. */
export type MmdbValue = string | number | boolean | UInt | MmdbValue[] | { [key: string]: MmdbValue };

export class UInt {
  constructor(readonly value: number | bigint) {}
}
export const uint = (value: number | bigint): UInt => new UInt(value);

export interface MmdbNetwork {
  /** `1.2.3.0/24` or `2a00:1450::/32`. */
  cidr: string;
  record: { [key: string]: MmdbValue };
}

export interface MmdbOptions {
  databaseType: string;
  languages?: string[];
  description?: string;
  /** Seconds since the epoch; fixed by default so a database's bytes depend only on its content. */
  buildEpoch?: number;
}

const RECORD_BYTES = 3;
const METADATA_MARKER = Buffer.concat([Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com', 'ascii')]);

export function writeMmdb(path: string, networks: MmdbNetwork[], options: MmdbOptions): void {
  writeFileSync(path, buildMmdb(networks, options));
}

export function buildMmdb(networks: MmdbNetwork[], options: MmdbOptions): Buffer {
  const data: Buffer[] = [];
  let dataSize = 0;
  const root = new TrieNode();
  for (const network of networks) {
    const encoded = encode(network.record);
    const { bits, prefix } = networkBits(network.cidr);
    insert(root, bits, prefix, dataSize);
    data.push(encoded);
    dataSize += encoded.length;
  }

  const nodes = numberNodes(root);
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * RECORD_BYTES * 2);
  const recordOf = (child: Child): number => {
    if (child === undefined) return nodeCount; // no data
    if (child instanceof TrieNode) return child.number;
    return nodeCount + 16 + child.dataOffset;
  };
  nodes.forEach((node, i) => {
    tree.writeUIntBE(recordOf(node.left), i * 6, RECORD_BYTES);
    tree.writeUIntBE(recordOf(node.right), i * 6 + 3, RECORD_BYTES);
  });

  const metadata = encode({
    node_count: uint(nodeCount),
    record_size: uint(RECORD_BYTES * 8),
    ip_version: uint(6),
    database_type: options.databaseType,
    languages: options.languages ?? ['en'],
    binary_format_major_version: uint(2),
    binary_format_minor_version: uint(0),
    build_epoch: uint(BigInt(options.buildEpoch ?? 1_767_225_600)),
    description: { en: options.description ?? 'Cuepoint test database' },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, METADATA_MARKER, metadata]);
}

interface Leaf {
  dataOffset: number;
}
type Child = TrieNode | Leaf | undefined;

class TrieNode {
  left: Child;
  right: Child;
  number = -1;
}

/** Places a network's data at the end of its prefix; more specific networks must come later. */
function insert(root: TrieNode, bits: number[], prefix: number, dataOffset: number): void {
  if (prefix === 0) throw new Error('a network of the whole address space is not supported');
  let node = root;
  for (let i = 0; i < prefix - 1; i++) {
    const side = bits[i] === 0 ? 'left' : 'right';
    const next = node[side];
    if (next instanceof TrieNode) node = next;
    else {
      // Splitting a wider network's leaf: both halves keep its data, the new branch is refined below.
      const child = new TrieNode();
      if (next !== undefined) child.left = child.right = next;
      node[side] = child;
      node = child;
    }
  }
  node[bits[prefix - 1] === 0 ? 'left' : 'right'] = { dataOffset };
}

/** Breadth-first numbering; the root is node 0, as readers expect. */
function numberNodes(root: TrieNode): TrieNode[] {
  const order: TrieNode[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const node = queue.shift()!;
    node.number = order.length;
    order.push(node);
    for (const child of [node.left, node.right]) if (child instanceof TrieNode) queue.push(child);
  }
  return order;
}

/** The 128 bits of a network and its prefix length in the IPv6 tree. */
function networkBits(cidr: string): { bits: number[]; prefix: number } {
  const [address = '', length = ''] = cidr.split('/');
  const prefix = Number(length);
  if (isIPv4(address)) {
    const bytes = [...new Array<number>(12).fill(0), ...address.split('.').map(Number)];
    return { bits: toBits(bytes), prefix: 96 + prefix };
  }
  if (isIPv6(address)) return { bits: toBits(ipv6Bytes(address)), prefix };
  throw new Error(`not a network: ${cidr}`);
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right].map((g) => parseInt(g, 16));
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function toBits(bytes: number[]): number[] {
  return bytes.flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((shift) => (byte >> shift) & 1));
}

// Data section types (the spec's numbers); 8 and above are "extended" and written after the control byte.
const UTF8 = 2;
const DOUBLE = 3;
const UINT16 = 5;
const UINT32 = 6;
const MAP = 7;
const UINT64 = 9;
const ARRAY = 11;
const BOOLEAN = 14;

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(UTF8, bytes.length), bytes]);
  }
  if (typeof value === 'number') {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(DOUBLE, 8), bytes]);
  }
  if (typeof value === 'boolean') return control(BOOLEAN, value ? 1 : 0);
  if (value instanceof UInt) return encodeUint(BigInt(value.value));
  if (Array.isArray(value)) return Buffer.concat([control(ARRAY, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(MAP, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

/** The smallest unsigned type that holds the value, big-endian without leading zero bytes. */
function encodeUint(value: bigint): Buffer {
  if (value < 0n) throw new Error('unsigned integers cannot be negative');
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  const type = bytes.length <= 2 ? UINT16 : bytes.length <= 4 ? UINT32 : UINT64;
  if (bytes.length > 8) throw new Error('unsigned integer over 64 bits');
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

/** Control byte: type in the top 3 bits (0 + a type byte for extended types), then the size. */
function control(type: number, size: number): Buffer {
  const sizeBytes: number[] = [];
  let sizeBits: number;
  if (size < 29) sizeBits = size;
  else if (size < 285) {
    sizeBits = 29;
    sizeBytes.push(size - 29);
  } else if (size < 65_821) {
    sizeBits = 30;
    const rest = size - 285;
    sizeBytes.push(rest >> 8, rest & 0xff);
  } else {
    sizeBits = 31;
    const rest = size - 65_821;
    sizeBytes.push((rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff);
  }
  const head = type <= 7 ? [(type << 5) | sizeBits] : [sizeBits, type - 7];
  return Buffer.from([...head, ...sizeBytes]);
}
