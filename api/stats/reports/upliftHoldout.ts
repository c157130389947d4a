import { splitMembers } from '../../../shared/sets/bitmap.js';
import { NEWCOMBE_METHOD, newcombeDifference } from '../newcombe.js';
import type { HoldoutFigures } from '../upliftSchemas.js';
import { addConverter, allGoals, emptyGroup, round4, withRates, type VisitorGoals } from './upliftGroups.js';

/** Said with every holdout block, because it is the comparison that the viewer split is not. */
export const HOLDOUT_NOTE =
  'Held-out visitors were chosen at random (by a hash of their visitor id) and never shown the widget, so exposed and held-out visitors differ only by the widget: this difference is the causal effect of showing it, within its confidence interval. The viewer split above is a correlation.';

/**
 * Exposed visitors (an impression in the range, not held out) against held-out ones (a verified
 * `holdout` event in the range), both exact from the range's unions; each converter of the
 * range (`goals`, one row per visitor) is looked up in both. A visitor held out on any day of
 * the range is held out for all of it, so a change of holdoutPercent mid-range never puts one
 * person on both sides. Null when the range holds no held-out visitor.
 */
export function holdoutFigures(impressed: readonly Uint8Array[], heldOut: readonly Uint8Array[], goals: readonly VisitorGoals[]): HoldoutFigures | null {
  const visitors = goals.map((r) => r.visitor_n);
  const fromImpressed = splitMembers(impressed, heldOut, visitors);
  const fromHeldOut = splitMembers(heldOut, impressed, visitors);
  const heldOutCount = fromHeldOut.inBoth + fromHeldOut.baseOnly;
  if (heldOutCount === 0) return null;
  const exposed = emptyGroup(fromImpressed.baseOnly);
  const held = emptyGroup(heldOutCount);
  goals.forEach((row, i) => {
    if (fromHeldOut.probes[i]?.inBase) addConverter(held, allGoals(row));
    else if (fromImpressed.probes[i]?.inBase) addConverter(exposed, allGoals(row));
  });
  const comparable = exposed.visitors > 0;
  const ci = comparable ? newcombeDifference(exposed.converters, exposed.visitors, held.converters, held.visitors) : null;
  return {
    exposed: withRates(exposed),
    heldOut: withRates(held),
    conversionRateDifference: ci ? round4(ci.difference) : null,
    confidenceInterval: ci ? { level: 0.95, lower: round4(ci.lower), upper: round4(ci.upper) } : null,
    method: NEWCOMBE_METHOD,
    note: HOLDOUT_NOTE,
  };
}
