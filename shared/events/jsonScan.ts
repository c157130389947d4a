import { FORBIDDEN_KEYS, LIMITS } from './limits.js';
import { findUnsafeValue, type SafetyIssue } from './safety.js';

/** What one walk over an event finds: its size as JSON and the first unsafe value in it. */
export interface JsonScan {
  /** `Buffer.byteLength(JSON.stringify(value))`, computed without building the string. */
  bytes: number;
  /** What `findUnsafeValue(value)` reports. */
  unsafe: SafetyIssue | undefined;
}

/**
 * Deeper than this the walk stops and the value is serialised after all, so that a value too
 * deep for JSON.stringify fails exactly as it always did (a RangeError the caller turns into a 400).
 */
const MAX_WALK_DEPTH = 64;

/** Anything the walk does not size itself (a toJSON, a class instance, a function): serialise. */
class NotPlainJson extends Error {}

/**
 * Sizes a value as JSON and looks for unsafe values in one walk, with no string built and no
 * path allocated unless something is found: serialising each event only to count its bytes,
 * then walking it again, was a large share of the ingest's CPU. Values other than plain JSON
 * data fall back to the serialising checks, so every answer stays what those give.
 */
export function scanJson(value: unknown): JsonScan {
  const walk = new Walk();
  try {
    const bytes = walk.value(value, 0);
    return { bytes, unsafe: walk.issue };
  } catch (err) {
    if (!(err instanceof NotPlainJson)) throw err;
    return { bytes: Buffer.byteLength(JSON.stringify(value)), unsafe: findUnsafeValue(value) };
  }
}

class Walk {
  issue: SafetyIssue | undefined;
  private readonly path: string[] = [];

  /** Bytes of `value` as JSON; undefined values are never passed here (the caller sizes them). */
  value(value: unknown, depth: number): number {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        return Number.isFinite(value) ? String(value).length : 4;
      case 'boolean':
        return value ? 4 : 5;
      case 'object':
        if (value === null) return 4;
        if (depth >= MAX_WALK_DEPTH) throw new NotPlainJson();
        if (this.issue === undefined && depth >= LIMITS.maxDepth) this.found(`nested deeper than ${LIMITS.maxDepth} levels`);
        return Array.isArray(value) ? this.array(value, depth) : this.object(value as Record<string, unknown>, depth);
      default:
        throw new NotPlainJson();
    }
  }

  private array(items: readonly unknown[], depth: number): number {
    let bytes = 2 + Math.max(0, items.length - 1);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === undefined) {
        bytes += 4;
        continue;
      }
      this.path.push(String(i));
      bytes += this.value(item, depth + 1);
      this.path.pop();
    }
    return bytes;
  }

  private object(object: Record<string, unknown>, depth: number): number {
    const proto: unknown = Object.getPrototypeOf(object);
    if ((proto !== Object.prototype && proto !== null) || typeof object.toJSON === 'function') throw new NotPlainJson();
    let bytes = 2;
    let members = 0;
    for (const key of Object.keys(object)) {
      // `__proto__` as an own key (JSON.parse makes one) is read as data, never as the prototype.
      const child = key === '__proto__' ? (Object.getOwnPropertyDescriptor(object, key)?.value as unknown) : object[key];
      this.path.push(key);
      if (this.issue === undefined) {
        if (FORBIDDEN_KEYS.has(key)) this.found('forbidden key');
        else this.checkText(key);
      }
      if (child !== undefined) {
        bytes += this.string(key) + 1 + this.value(child, depth + 1);
        members++;
      }
      this.path.pop();
    }
    return bytes + Math.max(0, members - 1);
  }

  /** Bytes of `s` as a JSON string literal, in UTF-8; notes a NUL or a lone surrogate. */
  private string(s: string): number {
    let bytes = 2;
    let nul = false;
    let lone = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x80) bytes += c === 0x22 || c === 0x5c ? 2 : 1;
      else if (c < 0x20) {
        if (c === 0) nul = true;
        bytes += c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 2 : 6;
      } else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        // A lone surrogate is written as a \uXXXX escape.
        lone = true;
        bytes += 6;
      } else bytes += 3;
    }
    if (this.issue === undefined && (nul || lone)) this.found(nul ? 'contains a NUL character' : 'is not well-formed UTF-16');
    return bytes;
  }

  /** A key's own NUL or lone surrogate; its size is counted where the member is. */
  private checkText(key: string): void {
    if (key.includes('\u0000')) this.found('contains a NUL character');
    else if (!key.isWellFormed()) this.found('is not well-formed UTF-16');
  }

  private found(reason: string): void {
    this.issue = { field: this.path.join('.'), reason };
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
