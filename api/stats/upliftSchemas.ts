import { z } from 'zod';
import { count, decimal, Range } from './schemaParts.js';

/** The uplift answer: the viewer split (a correlation) and, with a holdout, the causal comparison. */

const goalTotals = {
  conversions: count.meta({ description: 'Goals (URL-rule conversions and conversion events, deduplicated as counted conversions are).' }),
  revenue: decimal.meta({ description: 'The value of those goals in the project currency (`currency`); other currencies are left out.' }),
};
const GoalTotals = z.object(goalTotals);

const UpliftGroup = z.object({
  visitors: count.meta({ description: 'Distinct visitors of the group over the range.' }),
  converters: count.meta({ description: 'Of them, distinct visitors with at least one goal in the range.' }),
  conversionRate: z.number().nullable().meta({ description: 'converters / visitors; null without visitors.' }),
  ...goalTotals,
  revenuePerVisitor: z.number().nullable().meta({ description: 'revenue / visitors; null without visitors.' }),
});

const Holdout = z.object({
  exposed: UpliftGroup.meta({ description: 'Visitors with an impression in the range who are not held out: shown the widget.' }),
  heldOut: UpliftGroup.meta({
    description: "Visitors with a verified `holdout` event in the range: the widget was hidden from them because their bucket is below the project's holdoutPercent.",
  }),
  conversionRateDifference: z.number().nullable().meta({ description: 'exposed.conversionRate − heldOut.conversionRate, from the unrounded rates; null when a group has no visitors.' }),
  confidenceInterval: z
    .object({
      level: z.literal(0.95),
      lower: z.number(),
      upper: z.number(),
    })
    .nullable()
    .meta({ description: 'The 95 % confidence interval of conversionRateDifference (see `method`); null when a group has no visitors.' }),
  method: z.literal('newcombe-hybrid-score').meta({
    description: "Newcombe's hybrid score interval without continuity correction (method 10 of Newcombe 1998): Wilson score intervals of each rate, combined.",
  }),
  note: z.string().meta({ description: 'How to read the comparison: random assignment, so a causal estimate.' }),
});

export const UpliftResponse = z.object({
  ...Range,
  currency: z.string().meta({ description: 'The project currency every revenue is in.' }),
  viewers: UpliftGroup.meta({ description: 'Visitors with an impression and a non-bot play in the range.' }),
  nonViewers: UpliftGroup.meta({ description: 'Visitors with an impression and no play in the range.' }),
  assisted: GoalTotals.meta({ description: 'Goals of the range attributed to a play (the counted conversions): video-assisted.' }),
  unassisted: GoalTotals.meta({ description: 'Goals of the range with no play in the attribution window before them.' }),
  note: z.string().meta({ description: 'How to read the comparison: a correlation, not a causal effect.' }),
  holdout: Holdout.nullable().meta({
    description: 'Exposed against held-out visitors (the project holdout, assigned at random by visitor id): the causal comparison. Null when the range has no held-out visitor.',
  }),
});
export type UpliftResponse = z.output<typeof UpliftResponse>;
export type HoldoutFigures = z.output<typeof Holdout>;
