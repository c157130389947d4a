/**
 * A 95 % confidence interval for a difference of two independent proportions by Newcombe's
 * hybrid score method without continuity correction (method 10 of Newcombe, "Interval
 * estimation for the difference between independent proportions", Statistics in Medicine
 * 1998): each proportion's Wilson score interval, combined by the square-and-add rule. Unlike
 * the textbook Wald interval it stays inside [-1, 1] and behaves with few or no conversions.
 */
export const NEWCOMBE_METHOD = 'newcombe-hybrid-score';

/** The 97.5th percentile of the standard normal distribution. */
const Z = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson's score interval for x successes out of n (n > 0). */
export function wilson(x: number, n: number): Interval {
  const p = x / n;
  const z2 = Z * Z;
  const centre = (2 * n * p + z2) / (2 * (n + z2));
  const half = (Z * Math.sqrt(z2 + 4 * n * p * (1 - p))) / (2 * (n + z2));
  return { lower: centre - half, upper: centre + half };
}

/** p1 − p2 and its interval, for x1 of n1 against x2 of n2 (both n > 0). */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number): { difference: number } & Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  const difference = p1 - p2;
  return {
    difference,
    lower: difference - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: difference + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}
