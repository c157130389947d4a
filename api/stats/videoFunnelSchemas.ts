import { z } from 'zod';
import { count, Range } from './schemaParts.js';

/** The built-in video funnel's answer (docs/architecture.md, "Video funnel"). */

/** The steps in order; `ctaClick` and `conversion` both follow `play`, not each other. */
export const FUNNEL_STEPS = ['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100', 'ctaClick', 'conversion'] as const;
export type FunnelStepName = (typeof FUNNEL_STEPS)[number];

const ratio = z.number().min(0).nullable();

export const VideoFunnelStep = z.object({
  step: z.enum(FUNNEL_STEPS).meta({
    description:
      '`impression` and `open`: events that named this video and slot; `play`: plays started; `reach25`…`reach100`: plays that first crossed the milestone; ' +
      '`ctaClick`: plays with at least one CTA click; `conversion`: plays a counted conversion was attributed to.',
  }),
  count: count,
  fromPrevious: ratio.meta({
    description:
      'count / the previous step\'s count (for `ctaClick` and `conversion`, / `play`: each requires the play, not the other); null over 0. ' +
      'Steps count on their own days, so a range may hold a later step of a play whose earlier step fell before it, and a ratio can exceed 1.',
  }),
  fromStart: ratio.meta({ description: 'count / the `impression` count; null over 0.' }),
});
export type VideoFunnelStep = z.output<typeof VideoFunnelStep>;

export const VideoFunnelRow = z.object({
  videoId: z.string(),
  slotId: z.string(),
  steps: z.array(VideoFunnelStep),
});
export type VideoFunnelRow = z.output<typeof VideoFunnelRow>;

export const VideoFunnelResponse = z.object({
  ...Range,
  rows: z.array(VideoFunnelRow).meta({ description: 'At most `limit` (video, slot) pairs, by plays descending, then impressions, then the ids.' }),
  other: z.object({ steps: z.array(VideoFunnelStep) }).nullable().meta({ description: 'The pairs past `limit` together; null when none.' }),
  total: z.object({ steps: z.array(VideoFunnelStep) }).meta({ description: 'Every (video, slot) pair that matches the filters, together.' }),
  note: z.string().meta({ description: 'What the steps count, in one paragraph.' }),
});
export type VideoFunnelResponse = z.output<typeof VideoFunnelResponse>;
