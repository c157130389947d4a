import { z } from 'zod';
import { DEVICE_BY, PLACE_BY, VIDEO_BY } from '../../../shared/breakdowns/dimensions.js';
import { localDay } from '../../../shared/timezone.js';
import { ListQuery, parseQuery, type Resolved } from '../params.js';

/** The query strings of the breakdown lists: a list's range and limit, plus which dimension. */

function by<const V extends readonly [string, ...string[]]>(values: V, description: string) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` }).meta({ description });
}

export const DevicesQuery = ListQuery.extend({
  by: by(
    DEVICE_BY,
    'What to break sessions down by: `device` (default: desktop, tablet, mobile), `browser`, `os`, `language` (primary subtag) or `screen` (mobile, tablet, laptop, desktop by width).',
  ).default('device'),
});
export const LocationsQuery = ListQuery.extend({
  by: by(PLACE_BY, 'Place level: `country` (default), `region` (with its country) or `city` (with region, country and coordinates).').default(
    'country',
  ),
});
/** Without `by` the videos answer is the plain list of videos; with it, the videos per dimension value. */
export const VideosQuery = ListQuery.extend({
  by: by(VIDEO_BY, "Split the video figures by this dimension of each figure's session.").optional(),
});

export type DevicesParams = Resolved<z.output<typeof DevicesQuery>>;
export type LocationsParams = Resolved<z.output<typeof LocationsQuery>>;
export type VideosParams = Resolved<z.output<typeof VideosQuery>>;

export const parseDevicesQuery = (query: unknown, timezone: string, now = Date.now()): DevicesParams =>
  parseQuery(DevicesQuery, query, localDay(now, timezone));
export const parseLocationsQuery = (query: unknown, timezone: string, now = Date.now()): LocationsParams =>
  parseQuery(LocationsQuery, query, localDay(now, timezone));
export const parseVideosQuery = (query: unknown, timezone: string, now = Date.now()): VideosParams =>
  parseQuery(VideosQuery, query, localDay(now, timezone));
