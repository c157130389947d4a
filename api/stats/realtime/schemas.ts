import { z } from 'zod';
import { SHORT_WINDOW_MINUTES, WINDOW_MINUTES } from '../../../shared/realtime/keys.js';
import { count } from '../schemaParts.js';

/** The realtime answer has no parameters; any given is refused, as on every stats route. */
export const RealtimeQuery = z.strictObject({});

/** Rows of a top list before the rest is folded into its `…Other`. */
export const REALTIME_TOP_LIMIT = 10;

const instant = z.iso.datetime();

const Active = z.object({
  visitors: count.meta({ description: 'Distinct visitor ids with an event in the span.' }),
  sessions: count.meta({ description: 'Distinct session ids with an event in the span.' }),
});

const Minute = z.object({
  minute: instant.meta({ description: 'Start of the UTC minute.' }),
  pageviews: count.meta({ description: '`page_view` events.' }),
  opens: count.meta({ description: '`widget_open` events.' }),
  plays: count.meta({ description: 'Distinct play ids with a `video_play` in the minute.' }),
});

const Counts = z.object({ pageviews: count, opens: count, plays: count });

export const RealtimeResponse = z.object({
  now: instant.meta({ description: 'The server time the answer was read at.' }),
  windowMinutes: z.literal(WINDOW_MINUTES),
  capped: z.boolean().meta({
    description:
      'True when a minute of the window reached the per-minute member cap (REALTIME_MAX_MEMBERS_PER_MINUTE) and left members out, or when the worker paused the live figures within the window (see `paused`): the figures are then lower bounds.',
  }),
  paused: z.boolean().meta({
    description:
      'True while the worker skips the live figures because Redis is past REALTIME_REDIS_MEMORY_SHARE of its maxmemory (the events are still stored and counted in the daily figures). `capped` stays true for the 30 minutes after a pause.',
  }),
  active: z.object({
    last5Minutes: Active.meta({ description: `The current minute and the ${SHORT_WINDOW_MINUTES - 1} before it.` }),
    last30Minutes: Active.meta({ description: `The current minute and the ${WINDOW_MINUTES - 1} before it.` }),
  }),
  minutes: z.array(Minute).meta({ description: `${WINDOW_MINUTES} entries, oldest first, the current (partial) minute last, zero-filled.` }),
  totals: Counts.meta({ description: 'The sums of `minutes`.' }),
  top: z.object({
    from: instant.meta({ description: 'Start of the oldest minute of the window.' }),
    to: instant.meta({ description: 'End of the current minute.' }),
    minutes: z.literal(WINDOW_MINUTES),
    pages: z
      .array(z.object({ url: z.string().meta({ description: 'The page key: lowercased scheme and host, plus the path.' }), pageviews: count }))
      .meta({ description: `At most ${REALTIME_TOP_LIMIT} pages, by page views descending, then url.` }),
    pagesOther: z.object({ pages: count, pageviews: count }).nullable().meta({ description: 'The pages past the list together; null when none.' }),
    videos: z
      .array(z.object({ videoId: z.string(), title: z.string().nullable().meta({ description: 'From the catalog; null when the video is not registered.' }), plays: count }))
      .meta({ description: `At most ${REALTIME_TOP_LIMIT} videos, by plays descending, then videoId.` }),
    videosOther: z.object({ videos: count, plays: count }).nullable().meta({ description: 'The videos past the list together; null when none.' }),
  }),
});
export type RealtimeResponse = z.output<typeof RealtimeResponse>;
