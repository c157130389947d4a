import { z } from 'zod';
import { count, Range } from './schemaParts.js';

/** Response shapes of the per-video answers (audience retention). */

const share = z.number().min(0).nullable();

export const WatchPoint = z.object({
  second: count.meta({ description: 'Media second s: the interval [s, s + 1).' }),
  watched: count.meta({ description: 'Plays whose played ranges cover second s (a range covers s when it holds s + 0.5); each play at most once.' }),
  views: count.meta({ description: 'Played ranges covering second s: a play that rewatches it counts each time.' }),
  share: share.meta({ description: 'watched / plays: the share of plays that watched the second (at most 1); null without plays.' }),
  ratio: share.meta({ description: 'views / plays: rewatches included, so it may exceed 1 (YouTube’s relative retention); null without plays.' }),
});
export type WatchPoint = z.output<typeof WatchPoint>;

export const PercentPoint = WatchPoint.extend({
  percent: count.max(100).meta({ description: 'Percent of the duration; its second is floor(percent × duration / 100), at most the last second.' }),
});
export type PercentPoint = z.output<typeof PercentPoint>;

export const AudienceRetentionResponse = z.object({
  ...Range,
  videoId: z.string(),
  plays: count.meta({ description: 'Plays of the video that started in the range: the denominator of every share.' }),
  duration: z
    .object({
      seconds: z.number().positive(),
      source: z.enum(['catalog', 'reported']).meta({
        description: '`catalog`: the video’s duration in the admin API; `reported`: the duration players reported most often in the range (ties: the longer).',
      }),
    })
    .nullable()
    .meta({ description: 'The duration the percent points are taken of; null when neither the catalog nor a player gave one.' }),
  seconds: z.array(WatchPoint).meta({
    description: 'One point per media second from 0, through the last second watched or the duration, whichever is later (at most 14,400: seconds past 4 h count in the last).',
  }),
  percent: z.array(PercentPoint).meta({ description: '101 points, 0 to 100 % of the duration; empty when the duration is unknown.' }),
  dropOff: z
    .object({ second: count, share: z.number() })
    .nullable()
    .meta({ description: 'The median drop-off: the first second whose share is at most 0.5; null without plays or when more than half the plays watched every listed second.' }),
});
export type AudienceRetentionResponse = z.output<typeof AudienceRetentionResponse>;
