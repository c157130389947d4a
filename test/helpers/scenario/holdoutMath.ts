/**
 * The holdout's arithmetic written again for the oracle, from the published definitions rather
 * than from the product: the bucket is FNV-1a (32 bit) of the project's salt followed by the
 * visitor id, modulo 100; the interval of a difference of two proportions is Newcombe's hybrid
 * score interval (method 10 of Newcombe 1998, no continuity correction), built from each
 * proportion's Wilson score interval.
 */

const FNV_OFFSET_BASIS = 2166136261;
const FNV_PRIME = 16777619n;

/** The visitor's bucket in 0..99; ids are ASCII, so each character is one byte. */
export function bucketOf(salt: string, visitorId: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of Buffer.from(salt + visitorId.toLowerCase(), 'utf8')) {
    // In BigInt, so the product modulo 2^32 is exact.
    hash = Number((BigInt((hash ^ byte) >>> 0) * FNV_PRIME) % 2n ** 32n);
  }
  return hash % 100;
}

/** z for a two-sided 95 % interval: the standard normal's 97.5th percentile. */
const Z95 = 1.959963984540054;

/** Wilson's score interval of x out of n (n > 0): the roots in p of (p̂ − p)² = z² p (1 − p) / n. */
export function wilsonInterval(x: number, n: number): [lower: number, upper: number] {
  const phat = x / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (phat + z2 / (2 * n)) / denominator;
  const half = (Z95 / denominator) * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  return [centre - half, centre + half];
}

/** p1 − p2 and its 95 % interval, for x1 of n1 against x2 of n2. */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number): { difference: number; lower: number; upper: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1);
  const [l2, u2] = wilsonInterval(x2, n2);
  const difference = p1 - p2;
  return {
    difference,
    lower: difference - Math.hypot(p1 - l1, u2 - p2),
    upper: difference + Math.hypot(u1 - p1, p2 - l2),
  };
}
