/**
 * The paths of Segment's HTTP Tracking API, relative to `/v1`: what a client pointed at
 * Cuepoint (`host` in analytics-node, `apiHost` in analytics.js) posts to. The browser
 * library uses the one-letter forms.
 */

/** Bodies of the form `{batch: [...], writeKey?, sentAt?, context?}`. */
export const BATCH_PATHS = ['/batch', '/import', '/b'] as const;

/** One message per body; the path names its type. */
export const SINGLE_PATHS: Readonly<Record<string, SegmentType>> = {
  '/track': 'track',
  '/page': 'page',
  '/identify': 'identify',
  '/group': 'group',
  '/alias': 'alias',
  '/screen': 'screen',
  '/t': 'track',
  '/p': 'page',
  '/i': 'identify',
  '/g': 'group',
  '/a': 'alias',
  '/s': 'screen',
};

/** The browser library's own telemetry (metrics): answered, never stored. */
export const TELEMETRY_PATH = '/m';

export const SEGMENT_TYPES = ['track', 'page', 'identify', 'group', 'alias', 'screen'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** Where the router is mounted. */
export const SEGMENT_PREFIX = '/v1';
