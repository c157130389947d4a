import { z } from 'zod';
import type { Level } from '../../shared/metrics/define.js';
import { metricsAt, type AdditiveName, type DistinctName, type RatioName } from '../../shared/metrics/levels.js';

/**
 * Response shapes of the stats API. The handlers' return types are derived from these, and
 * the OpenAPI document is generated from them, so code and documentation cannot drift.
 */

const count = z.number().int().min(0);
/** Fractional; rounded to 4 decimals. */
const decimal = z.number();
const day = z.iso.date();

/**
 * The figures of one level, generated from the metric registry in its order: additive and
 * distinct figures are numbers (counts are whole), ratios are null over a zero denominator.
 */
function levelSchema<L extends Level>(level: L) {
  const shape: Record<string, z.ZodType> = {};
  for (const m of metricsAt(level)) {
    const type = m.kind === 'ratio' ? z.number().nullable() : m.kind === 'additive' && m.type === 'decimal' ? decimal : count;
    shape[m.name] = type.meta({ description: m.description });
  }
  return z.object(shape as { [K in AdditiveName<L> | DistinctName<L>]: z.ZodNumber } & { [K in RatioName<L>]: z.ZodNullable<z.ZodNumber> });
}

/** Figures of a video, one of its slots, or the videos past a limit together. */
export const VideoMetrics = levelSchema('video');
export type VideoMetrics = z.output<typeof VideoMetrics>;

/** Project-level figures of a day or of the whole range. */
export const ProjectMetrics = levelSchema('project').extend({
  otherCurrencies: z
    .record(z.string().regex(/^[A-Z]{3}$/), decimal)
    .meta({ description: 'Conversion values in other currencies, per ISO 4217 code; never converted or mixed in.' }),
});
export type ProjectMetrics = z.output<typeof ProjectMetrics>;

const Range = {
  timezone: z.string().meta({ description: 'The project time zone that defines its days.' }),
  from: day,
  to: day,
};

export const OverviewResponse = z
  .object({
    ...Range,
    currency: z.string().meta({ description: 'The project currency of every conversionValue.' }),
    totals: ProjectMetrics,
    series: z
      .array(ProjectMetrics.extend({ date: day }))
      .meta({ description: 'One entry per local day of the range, in order, zero-filled.' }),
  });
export type OverviewResponse = z.output<typeof OverviewResponse>;

export const SlotFigures = VideoMetrics.extend({ slotId: z.string() });
export type SlotFigures = z.output<typeof SlotFigures>;

export const VideoFigures = VideoMetrics.extend({
  videoId: z.string(),
  title: z.string().nullable().meta({ description: 'From the catalog; null when the video is not registered.' }),
  slots: z.array(SlotFigures).meta({ description: 'Sorted by plays descending, then slotId.' }),
});
export type VideoFigures = z.output<typeof VideoFigures>;

export const VideosResponse = z
  .object({
    ...Range,
    currency: z.string(),
    videos: z.array(VideoFigures).meta({ description: 'At most `limit` videos, by plays descending, then videoId.' }),
    other: VideoMetrics.nullable().meta({
      description: 'The videos past `limit` together (distinct figures over all of them); null when none.',
    }),
  });
export type VideosResponse = z.output<typeof VideosResponse>;

export const PageFigures = z.object({
  url: z.string().meta({ description: 'The page key: lowercased scheme and host, plus the path.' }),
  opens: count,
  visitors: count.meta({ description: 'Distinct visitors with a widget open on the page.' }),
});
export type PageFigures = z.output<typeof PageFigures>;

export const PagesResponse = z
  .object({
    ...Range,
    pages: z.array(PageFigures).meta({ description: 'At most `limit` pages, by opens descending, then url.' }),
    other: z
      .object({ opens: count, visitors: count })
      .nullable()
      .meta({ description: 'The pages past `limit` together (visitors distinct over all of them); null when none.' }),
  });
export type PagesResponse = z.output<typeof PagesResponse>;

export const TransitionFigures = z.object({ fromSlotId: z.string(), toSlotId: z.string(), count });
export type TransitionFigures = z.output<typeof TransitionFigures>;

export const TransitionsResponse = z
  .object({
    ...Range,
    transitions: z.array(TransitionFigures).meta({ description: 'At most `limit` branch choices between slots, by count descending.' }),
    other: z.object({ count }).nullable().meta({ description: 'The transitions past `limit` together; null when none.' }),
  });
export type TransitionsResponse = z.output<typeof TransitionsResponse>;

export const GoalFigures = z.object({
  kind: z.enum(['rule', 'event']).meta({ description: '`rule`: a URL conversion rule; `event`: conversion events of one type.' }),
  goal: z.string().meta({ description: "The rule's id, or the conversion type." }),
  name: z.string().nullable().meta({ description: "The rule's name (null once the rule is deleted), or the conversion type." }),
  conversions: count.meta({ description: 'Counted conversions of the goal (within the window after a play), on the day they happened.' }),
});
export type GoalFigures = z.output<typeof GoalFigures>;

export const GoalsResponse = z.object({
  ...Range,
  goals: z.array(GoalFigures).meta({ description: 'At most `limit` goals, by conversions descending, then kind and goal.' }),
  other: z.object({ conversions: count }).nullable().meta({ description: 'The goals past `limit` together; null when none.' }),
});
export type GoalsResponse = z.output<typeof GoalsResponse>;
