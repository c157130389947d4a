import { z } from 'zod';
import { count, decimal, Range } from './schemaParts.js';

const ms = z.number().int().min(0).nullable();
const percent = z.number().min(0).nullable();

/** Playback quality of one (video, slot), of the rows past `limit` together, or of everything. */
export const PlaybackFigures = z.object({
  views: count.meta({
    description:
      'Plays requested (a click or an autoplay: `video_request`), on the day of the request; a play of an older tracker that sends no request counts as a view on the day of its first frame.',
  }),
  started: count.meta({ description: 'Views whose first frame came (`video_play`).' }),
  startupTimes: count.meta({ description: 'Started views with a measured startup time (request to first frame): the histogram the percentiles come from.' }),
  startupP50Ms: ms.meta({
    description:
      'Median startup time in ms, from the range\'s summed fixed-bucket histogram (edges 0, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 8000, 13000 ms), interpolated within its bucket; 13000 means at least that; null without startup times.',
  }),
  startupP95Ms: ms.meta({ description: '95th percentile startup time in ms, read like startupP50Ms.' }),
  rebufferCount: count.meta({ description: 'Stalls after the first frame (`video_stall`; not during startup or a seek), on the day of each.' }),
  stallMs: count.meta({ description: 'Total length of those stalls in ms.' }),
  watchSeconds: decimal.meta({ description: 'Media seconds played (`video_time`), the denominator of rebufferPercent.' }),
  rebufferPercent: percent.meta({ description: '100 × (stallMs / 1000) / watchSeconds over the range (a ratio of sums, 4 decimals); null without watch seconds.' }),
  exitsBeforeStart: count.meta({ description: 'Views that ended without a first frame and without a fatal error (the viewer gave up waiting).' }),
  exitsBeforeStartPercent: percent.meta({ description: '100 × exitsBeforeStart / views (4 decimals); null without views.' }),
  startupFailures: count.meta({ description: 'Views with a fatal `video_error` before any first frame.' }),
  startupFailurePercent: percent.meta({ description: '100 × startupFailures / views (4 decimals); null without views.' }),
  playbackFailures: count.meta({ description: 'Plays with a fatal `video_error` after their first frame, on the day of the error.' }),
  playbackFailurePercent: percent.meta({ description: '100 × playbackFailures / views (4 decimals); null without views.' }),
});
export type PlaybackFigures = z.output<typeof PlaybackFigures>;

export const PlaybackRow = z.object({ videoId: z.string(), slotId: z.string(), ...PlaybackFigures.shape });

export const PlaybackResponse = z.object({
  ...Range,
  rows: z.array(PlaybackRow).meta({ description: 'At most `limit` (video, slot) pairs, by views descending, then the keys.' }),
  other: PlaybackFigures.nullable().meta({ description: 'The pairs past `limit` together; null when none.' }),
  total: PlaybackFigures.meta({ description: 'Every (video, slot) of the answer\'s filter together, `other` included.' }),
});
export type PlaybackResponse = z.output<typeof PlaybackResponse>;
