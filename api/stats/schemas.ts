import { z } from 'zod';

/**
 * Response shapes of the stats API. The handlers' return types are derived from these, and
 * the OpenAPI document is generated from them, so code and documentation cannot drift.
 */

const count = z.number().int().min(0);
/** Fractional; rounded to 4 decimals. */
const decimal = z.number();
/** A range ratio (figure / figure over the same range); null when the denominator is 0. */
const ratio = z.number().nullable();
const day = z.iso.date();

/** Additive and distinct figures of a video or one of its slots, with range ratios. */
export const VideoMetrics = z.object({
  plays: count,
  viewers: count.meta({ description: 'Distinct visitors with a play; never a sum of daily or slot figures.' }),
  reach25: count,
  reach50: count,
  reach75: count,
  reach100: count,
  watchSeconds: decimal,
  ctaClicks: count,
  detailClicks: count,
  choiceClicks: count,
  conversions: count,
  conversionValue: decimal.meta({ description: 'Sum of conversion values in the project currency.' }),
  completionRate: ratio.meta({ description: 'reach100 / plays' }),
  ctr: ratio.meta({ description: 'ctaClicks / plays' }),
  cvr: ratio.meta({ description: 'conversions / viewers' }),
  avgWatchSeconds: ratio.meta({ description: 'watchSeconds / plays' }),
});
export type VideoMetrics = z.output<typeof VideoMetrics>;

/** Project-level figures of a day or of the whole range. */
export const ProjectMetrics = z.object({
  impressions: count,
  opens: count,
  visitors: count.meta({ description: 'Distinct visitors; over a range, distinct over the whole range.' }),
  sessions: count.meta({ description: 'Distinct sessions; over a range, distinct over the whole range.' }),
  plays: count,
  viewers: count.meta({ description: 'Distinct visitors with a play; over a range, distinct over the whole range.' }),
  reach25: count,
  reach50: count,
  reach75: count,
  reach100: count,
  watchSeconds: decimal,
  ctaClicks: count,
  detailClicks: count,
  choiceClicks: count,
  conversions: count,
  conversionValue: decimal.meta({ description: 'Sum of conversion values in the project currency.' }),
  otherCurrencies: z
    .record(z.string().regex(/^[A-Z]{3}$/), decimal)
    .meta({ description: 'Conversion values in other currencies, per ISO 4217 code; never converted or mixed in.' }),
  playRate: ratio.meta({ description: 'plays / opens' }),
  completionRate: ratio.meta({ description: 'reach100 / plays' }),
  ctr: ratio.meta({ description: 'ctaClicks / plays' }),
  cvr: ratio.meta({ description: 'conversions / viewers' }),
  avgWatchSeconds: ratio.meta({ description: 'watchSeconds / plays' }),
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
    videos: z.array(VideoFigures).meta({ description: 'Sorted by plays descending, then videoId.' }),
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
    transitions: z.array(TransitionFigures).meta({ description: 'Branch choices between slots, by count descending.' }),
  });
export type TransitionsResponse = z.output<typeof TransitionsResponse>;
