import { z } from 'zod';
import type { Level } from '../../shared/metrics/define.js';
import { metricsAt, type AdditiveName, type DistinctName, type RatioName } from '../../shared/metrics/levels.js';
import { count, day, decimal, Range } from './schemaParts.js';

/**
 * Response shapes of the stats API: video, page, goal and form answers (the site's are in
 * siteSchemas.ts, the uplift's in upliftSchemas.ts). The handlers' return types are derived
 * from these, and the OpenAPI document is generated from them, so code and documentation
 * cannot drift.
 */

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

export const TransitionFigures = z.object({
  fromSlotId: z.string(),
  toSlotId: z.string(),
  count,
  fromSlotChoices: count.meta({ description: 'Branch choices made from `fromSlotId` to any slot over the range, listed or not.' }),
  share: z.number().min(0).max(1).meta({ description: 'count / fromSlotChoices: the share of this choice among the choices of its slot, rounded to 4 decimals.' }),
});
export type TransitionFigures = z.output<typeof TransitionFigures>;

export const TransitionsResponse = z
  .object({
    ...Range,
    transitions: z.array(TransitionFigures).meta({ description: 'At most `limit` branch choices between slots, by count descending.' }),
    other: z.object({ count }).nullable().meta({ description: 'The transitions past `limit` together; null when none.' }),
    links: z
      .array(z.object({ fromSlotId: z.string(), toSlotId: z.string() }))
      .meta({ description: "The branches the catalog offers (each slot's `links`), chosen or not, so a graph can show the ones nobody took; at most 2,000." }),
  });
export type TransitionsResponse = z.output<typeof TransitionsResponse>;

const GoalValue = decimal.meta({ description: 'Values of the counted conversion events in the project currency (a URL rule has none); other currencies are in the overview.' });

export const GoalVideoFigures = z.object({
  videoId: z.string().meta({ description: 'The video of the play the conversions are attributed to; `(other)` past the day caps.' }),
  slotId: z.string(),
  conversions: count,
  value: GoalValue,
});

export const GoalFigures = z.object({
  kind: z.enum(['rule', 'event']).meta({ description: '`rule`: a URL conversion rule; `event`: conversion events of one type.' }),
  goal: z.string().meta({ description: "The rule's id, or the conversion type." }),
  name: z.string().nullable().meta({ description: "The rule's name (null once the rule is deleted), or the conversion type." }),
  conversions: count.meta({ description: 'Counted conversions of the goal (within the window after a play), on the day they happened.' }),
  value: GoalValue,
  videos: z
    .array(GoalVideoFigures)
    .meta({ description: 'Per video and slot of the attributed play: at most 20, by conversions descending, then value, videoId and slotId.' }),
  videosOther: z
    .object({ conversions: count, value: GoalValue })
    .nullable()
    .meta({ description: "The goal's video and slot pairs past the listed 20, together; null when none." }),
});
export type GoalFigures = z.output<typeof GoalFigures>;

export const GoalsResponse = z.object({
  ...Range,
  currency: z.string().meta({ description: 'The project currency of every value.' }),
  goals: z.array(GoalFigures).meta({ description: 'At most `limit` goals, by conversions descending, then kind and goal.' }),
  other: z.object({ conversions: count, value: GoalValue }).nullable().meta({ description: 'The goals past `limit` together; null when none.' }),
});
export type GoalsResponse = z.output<typeof GoalsResponse>;

export const ClickFigures = z.object({
  videoId: z.string().meta({ description: 'The video clicked in; `(other)` past the day caps.' }),
  slotId: z.string(),
  target: z.string().meta({ description: '`cta`, `detail` or `choice`.' }),
  label: z
    .string()
    .meta({ description: 'The label the click was sent with; `(none)` without one; `(other)` for the least-clicked labels past 1,000 a day.' }),
  clicks: count,
});
export type ClickFigures = z.output<typeof ClickFigures>;

export const ClicksResponse = z.object({
  ...Range,
  clicks: z.array(ClickFigures).meta({ description: 'At most `limit` (video, slot, target, label) keys, by clicks descending, then the keys.' }),
  other: z.object({ clicks: count }).nullable().meta({ description: 'The keys past `limit` together; null when none.' }),
});
export type ClicksResponse = z.output<typeof ClicksResponse>;

export const CustomEventFigures = z.object({
  name: z.string().meta({ description: 'The custom event name; `(other)` for the least frequent names past 1,000 a day.' }),
  events: count,
});

export const CustomEventsResponse = z.object({
  ...Range,
  events: z.array(CustomEventFigures).meta({ description: 'At most `limit` names, by events descending, then name.' }),
  other: z.object({ events: count }).nullable().meta({ description: 'The names past `limit` together; null when none.' }),
});
export type CustomEventsResponse = z.output<typeof CustomEventsResponse>;

const rate = z.number().min(0).max(1).nullable();
const seconds = z.number().min(0).nullable();

/** A form's figures over the range; the forms past `limit` together have the same shape. */
export const FormFigures = z.object({
  starts: count.meta({ description: 'Attempts: sessions that began filling in the form (their first `form_start`), on the day they began.' }),
  completed: count.meta({ description: 'Attempts with a `form_submit` at or after their start in the same session, counted on the start\'s day.' }),
  submits: count.meta({ description: '`form_submit` events, on the day they happened, with or without a start before them.' }),
  completionRate: rate.meta({ description: 'completed / starts; null without starts.' }),
  abandonRate: rate.meta({ description: '1 − completionRate; null without starts.' }),
  avgSecondsToComplete: seconds.meta({ description: 'Mean seconds from an attempt\'s start to its first submit (4 decimals); null when none completed.' }),
  medianSecondsToComplete: seconds.meta({
    description: 'Median of those times in whole seconds (the mean of the two middle ones for an even count); null when none completed.',
  }),
});
export type FormFigures = z.output<typeof FormFigures>;

export const FormsResponse = z.object({
  ...Range,
  forms: z
    .array(FormFigures.extend({ formId: z.string().meta({ description: 'The form id the page sent; `(other)` holds the forms past a day\'s cap of 1,000.' }) }))
    .meta({ description: 'At most `limit` forms, by starts descending, then submits, then id.' }),
  other: FormFigures.nullable().meta({ description: 'The forms past `limit` together; null when none.' }),
});
export type FormsResponse = z.output<typeof FormsResponse>;

export { UpliftResponse } from './upliftSchemas.js';

