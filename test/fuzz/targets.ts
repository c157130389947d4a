import fc from 'fast-check';
import { headerSafe } from './headers.js';
import { oddString } from './json.js';

/**
 * The keys the fuzzer may present. Project A receives events and is read; project B is the
 * one the admin requests act on, so admin writes can never change what A's requests see
 * (A's answers stay comparable from the first request to the last).
 */
export interface FuzzTargets {
  a: { writeKey: string; readKey: string; adminKey: string; origin: string };
  b: { writeKey: string; readKey: string; adminKey: string; revokedWriteKey: string; origin: string };
}

/** A valid key with one character changed, cut short, padded or re-cased. */
function mangled(key: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: key.length - 1 }).map((i) => `${key.slice(0, i)}${key[i] === 'A' ? 'B' : 'A'}${key.slice(i + 1)}`),
    fc.nat({ max: key.length - 1 }).map((i) => key.slice(0, i)),
    fc.constantFrom(` ${key}`, `${key} `, key.toUpperCase(), `${key}${key}`, `${key}\u0000`, `${key}\u200b`),
  );
}

/** A key as a client may send it: `preferred` most of the time, else any other kind of key or junk. */
export function keyFrom(preferred: string, targets: FuzzTargets): fc.Arbitrary<string> {
  const all = [targets.a.writeKey, targets.a.readKey, targets.a.adminKey, targets.b.writeKey, targets.b.readKey, targets.b.adminKey, targets.b.revokedWriteKey];
  return fc.oneof(
    { weight: 24, arbitrary: fc.constant(preferred) },
    { weight: 3, arbitrary: fc.constantFrom(...all) },
    { weight: 2, arbitrary: mangled(preferred) },
    { weight: 2, arbitrary: oddString(60) },
    { weight: 1, arbitrary: fc.constantFrom('cpw_', 'cpw_00000000_x', 'cpr_deadbeef_0000', '', 'null') },
  );
}

/** Keys an admin request may carry; never A's admin key, which must leave A unchanged. */
export function adminKeyFrom(targets: FuzzTargets): fc.Arbitrary<string> {
  return keyFrom(targets.b.adminKey, targets).filter((k) => k !== targets.a.adminKey);
}

/** Origins: none, allowed, another project's, the literal null, malformed or odd. */
type HeaderLine = readonly [string, string];

export function originLines(targets: FuzzTargets): fc.Arbitrary<HeaderLine[]> {
  const origin = fc.oneof(
    { weight: 10, arbitrary: fc.constant(targets.a.origin) },
    { weight: 2, arbitrary: fc.constantFrom(targets.b.origin, 'null', 'https://evil.example', `${targets.a.origin}.evil.test`, 'HTTPS://SHOP.EXAMPLE:443', 'file://', 'https://', 'https://shop.example/path', 'chrome-extension://abc') },
    { weight: 1, arbitrary: oddString(40).map(headerSafe) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<HeaderLine[]>([]) },
    { weight: 4, arbitrary: origin.map((o): HeaderLine[] => [['Origin', o]]) },
    { weight: 1, arbitrary: fc.tuple(origin, origin).map(([x, y]): HeaderLine[] => [['Origin', x], ['Origin', y]]) },
  );
}
