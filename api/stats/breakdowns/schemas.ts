import { z } from 'zod';
import { DEVICE_BY, PLACE_BY, VIDEO_BY } from '../../../shared/breakdowns/dimensions.js';
import { Range } from '../schemaParts.js';
import { ProjectMetrics, VideoMetrics } from '../schemas.js';

/**
 * Response shapes of the breakdown lists. Every row carries its dimension's fields (`(none)`
 * when the session had no such value, `(other)` for the values folded past a day's cap) and
 * every project figure of the registry, so they sum to the overview's totals.
 */

/** Every project-level figure of the registry (no per-currency split: values are in the project currency). */
export const BreakdownFigures = ProjectMetrics.omit({ otherCurrencies: true });
export type BreakdownFigures = z.output<typeof BreakdownFigures>;

const field = (description: string) => z.string().meta({ description });
const Other = BreakdownFigures.nullable().meta({
  description: 'The values past `limit` together (distinct figures over all of them); null when none.',
});
const listed = (what: string) => `At most \`limit\` ${what}, by sessions descending, then value.`;

const source = field('Source class of the session: direct, search, social or referral.');

export const SourcesResponse = z.object({
  ...Range,
  sources: z.array(BreakdownFigures.extend({ source, platform: field('Named platform (google, facebook, x …) or `(none)`.') })).meta({ description: listed('sources') }),
  other: Other,
});
export type SourcesResponse = z.output<typeof SourcesResponse>;

export const CampaignsResponse = z.object({
  ...Range,
  campaigns: z
    .array(BreakdownFigures.extend({ source: field('utm_source of the entry page.'), medium: field('utm_medium of the entry page.'), campaign: field('utm_campaign of the entry page.') }))
    .meta({ description: listed('campaigns') }),
  other: Other,
});
export type CampaignsResponse = z.output<typeof CampaignsResponse>;

export const DevicesResponse = z.object({
  ...Range,
  by: z.enum(DEVICE_BY),
  devices: z.array(BreakdownFigures.extend({ value: field('The device type, browser or operating system.') })).meta({ description: listed('values') }),
  other: Other,
});
export type DevicesResponse = z.output<typeof DevicesResponse>;

export const LocationsResponse = z.object({
  ...Range,
  by: z.enum(PLACE_BY),
  locations: z
    .array(
      BreakdownFigures.extend({
        country: field('ISO 3166-1 alpha-2 code.'),
        region: field('Region name (by=region and by=city).').optional(),
        city: field('City name (by=city).').optional(),
        latitude: z.number().nullable().optional().meta({ description: 'Mean latitude of its sessions (by=city), null when unknown.' }),
        longitude: z.number().nullable().optional().meta({ description: 'Mean longitude of its sessions (by=city), null when unknown.' }),
      }),
    )
    .meta({ description: listed('places') }),
  other: Other,
});
export type LocationsResponse = z.output<typeof LocationsResponse>;

const GroupVideo = VideoMetrics.extend({
  videoId: z.string(),
  title: z.string().nullable().meta({ description: 'From the catalog; null when the video is not registered.' }),
});

export const VideosByResponse = z.object({
  ...Range,
  currency: z.string(),
  by: z.enum(VIDEO_BY),
  groups: z
    .array(
      z.object({
        source: field('by=source: the source class; by=campaign: utm_source.').optional(),
        medium: field('by=campaign: utm_medium.').optional(),
        campaign: field('by=campaign: utm_campaign.').optional(),
        value: field('by=device: the device type.').optional(),
        country: field('by=country: ISO 3166-1 alpha-2 code.').optional(),
        videos: z.array(GroupVideo).meta({ description: 'At most `limit` videos of the group, by plays descending, then videoId.' }),
        other: VideoMetrics.nullable().meta({ description: "The group's videos past `limit` together; null when none." }),
      }),
    )
    .meta({ description: 'At most `limit` values of the dimension, by plays descending, then value.' }),
  other: VideoMetrics.nullable().meta({ description: 'The values past `limit` together, all videos; null when none.' }),
});
export type VideosByResponse = z.output<typeof VideosByResponse>;
