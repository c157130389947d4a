/**
 * The acquisition and audience dimensions that figures are broken down by (docs/architecture.md,
 * "Breakdowns"). Every value is the SESSION's, read from its entry event in `sessions`, so an
 * impression, a play or a conversion is filed under the source, campaign, device and place of
 * the visit it happened in, whatever its own event carries.
 *
 * A dimension of several fields (platform = source + platform) stores one value: its fields
 * joined with the unit separator (chr(31)), after any separator inside a field has been
 * replaced (a UTM value is decoded from a query string and may hold one), so the split is
 * always the fields. A missing field reads `(none)`.
 */

export const NONE = '(none)';
/** Joins the fields of a compound value; no stored field contains it (see fieldSql). */
export const FIELD_SEPARATOR = '\u001f';

export interface Dimension {
  /** Stored in daily_breakdown.dim and in set scopes. */
  readonly name: string;
  /** The answer's field names, one per stored field. */
  readonly fields: readonly string[];
  /** The `sessions` / `day_sessions` columns of those fields, in the same order. */
  readonly columns: readonly string[];
  /** Also broken down per video (daily_video_breakdown, videos?by=). */
  readonly perVideo: boolean;
  /** Rows carry the latitude and longitude of their sessions' place. */
  readonly place: boolean;
}

function dim(name: string, fields: readonly string[], columns: readonly string[], perVideo = false, place = false): Dimension {
  return { name, fields, columns, perVideo, place };
}

export const DIMENSIONS = [
  dim('source', ['source'], ['referrer_source'], true),
  dim('platform', ['source', 'platform'], ['referrer_source', 'referrer_platform']),
  dim('campaign', ['source', 'medium', 'campaign'], ['utm_source', 'utm_medium', 'utm_campaign'], true),
  dim('device', ['value'], ['device'], true),
  dim('browser', ['value'], ['browser']),
  dim('os', ['value'], ['os']),
  dim('language', ['value'], ['language']),
  dim('screen', ['value'], ['screen_class']),
  dim('country', ['country'], ['country'], true),
  dim('region', ['country', 'region'], ['country', 'region']),
  dim('city', ['country', 'region', 'city'], ['country', 'region', 'city'], false, true),
] as const satisfies readonly Dimension[];

export type DimensionName = (typeof DIMENSIONS)[number]['name'];

const byName = new Map<string, Dimension>(DIMENSIONS.map((d) => [d.name, d]));

export function dimensionNamed(name: DimensionName): Dimension {
  const found = byName.get(name);
  if (!found) throw new Error(`no dimension named ${name}`);
  return found;
}

export const VIDEO_DIMENSIONS: readonly Dimension[] = DIMENSIONS.filter((d) => d.perVideo);

/** The `by` values of the devices and locations answers and of videos?by=, in the order documented. */
export const DEVICE_BY = ['device', 'browser', 'os', 'language', 'screen'] as const satisfies readonly DimensionName[];
export const PLACE_BY = ['country', 'region', 'city'] as const satisfies readonly DimensionName[];
export const VIDEO_BY = ['source', 'campaign', 'device', 'country'] as const satisfies readonly DimensionName[];

/** The answer's fields of a stored value; a value with fewer parts (the `(other)` fold) fills every field with it. */
export function splitValue(dimension: Dimension, value: string): Record<string, string> {
  const parts = value.split(FIELD_SEPARATOR);
  return Object.fromEntries(dimension.fields.map((field, i) => [field, parts.length === dimension.fields.length ? (parts[i] ?? NONE) : value]));
}

/** The stored value of a set of fields, as the rollup builds it (tests and tools). */
export function joinValue(fields: readonly (string | null)[]): string {
  return fields.map((f) => (f === null || f === '' ? NONE : f.replaceAll(FIELD_SEPARATOR, '\ufffd'))).join(FIELD_SEPARATOR);
}

/** Set scopes of a dimension value (project-level figures) and of one video under it. */
export function breakdownScope(dimension: string, value: string): string {
  return `b:${dimension}${FIELD_SEPARATOR}${value}`;
}

export function videoBreakdownScope(dimension: string, value: string, videoId: string): string {
  return `vb:${dimension}${FIELD_SEPARATOR}${value}${FIELD_SEPARATOR}${videoId}`;
}
