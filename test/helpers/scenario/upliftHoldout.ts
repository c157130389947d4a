import { bucketOf, newcombeInterval } from './holdoutMath.js';
import type { ExpectedStats } from './expected.js';
import { goalsOf, SCALE } from './uplift.js';

/**
 * The uplift answer's holdout block, from the posted events by the definitions (README
 * "Holdout: the causal answer"): held-out visitors have a `holdout` event in the range whose
 * visitor's bucket is below the event's percent (a claim that is not is stored and counts for
 * nothing); exposed ones have an impression in the range and no such event in it. Each side has
 * its visitors' goals in the range (every goal, assisted or not), converters, revenue and the
 * rates per visitor; the difference of the conversion rates (exposed − held out) comes with its
 * 95 % Newcombe hybrid score interval. Null without held-out visitors; the difference and the
 * interval null without exposed ones. Shares no code with the product.
 */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function expectedHoldout(x: ExpectedStats, from: string, to: string, includeBots: boolean): Record<string, unknown> | null {
  const salt = x.scenario.holdout?.salt;
  if (salt === undefined) throw new Error('the scenario has no holdout salt: call addHoldout first');
  const inRange = (at: number) => x.day(at) >= from && x.day(at) <= to;
  const heldOut = new Set<string>();
  const impressed = new Set<string>();
  for (const e of x.events) {
    if ((e.bot && !includeBots) || !inRange(e.at)) continue;
    if (e.type === 'holdout' && bucketOf(salt, e.visitorId) < e.percent) heldOut.add(e.visitorId);
    if (e.type === 'impression') impressed.add(e.visitorId);
  }
  if (heldOut.size === 0) return null;
  const exposed = new Set([...impressed].filter((v) => !heldOut.has(v)));
  const goals = goalsOf(x).filter((g) => g.day >= from && g.day <= to);
  const group = (members: Set<string>) => {
    const mine = goals.filter((g) => members.has(g.visitorId));
    const converters = new Set(mine.map((g) => g.visitorId)).size;
    const revenue = mine.reduce((sum, g) => sum + g.value, 0) / SCALE;
    const per = (n: number) => (members.size === 0 ? null : round4(n / members.size));
    return { visitors: members.size, converters, conversionRate: per(converters), conversions: mine.length, revenue: round4(revenue), revenuePerVisitor: per(revenue) };
  };
  const a = group(exposed);
  const b = group(heldOut);
  const ci = a.visitors === 0 ? null : newcombeInterval(a.converters, a.visitors, b.converters, b.visitors);
  return {
    exposed: a,
    heldOut: b,
    conversionRateDifference: ci === null ? null : round4(ci.difference),
    confidenceInterval: ci === null ? null : { level: 0.95, lower: round4(ci.lower), upper: round4(ci.upper) },
    method: 'newcombe-hybrid-score',
  };
}
