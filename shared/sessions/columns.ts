/**
 * The layout of a `sessions` row, shared by the writer's upsert and the set-based rebuild so the
 * two can never disagree on which event column feeds which session column.
 * docs/architecture.md, "Sessions".
 */

/** Event types that make a session "interacted" (and so never a bounce). */
export const INTERACTION_TYPES = ['widget_open', 'click', 'video_play', 'form_submit', 'conversion', 'custom', 'video_state'] as const;

/** The four acquisition classes of a referrer (an internal or empty one is direct), in report order. */
export const REFERRER_SOURCES = ['direct', 'search', 'social', 'referral'] as const;
export type ReferrerSource = (typeof REFERRER_SOURCES)[number];

/** Session columns copied from the entry event: [session column, event column, array type]. */
export const ENTRY_ATTRIBUTES = [
  ['entry_page', 'page_key', 'text'],
  ['referrer_source', 'referrer_source', 'text'],
  ['referrer_platform', 'referrer_platform', 'text'],
  ['referrer_class', 'referrer_class', 'text'],
  ['referrer_host', 'referrer_host', 'text'],
  ['utm_source', 'utm_source', 'text'],
  ['utm_medium', 'utm_medium', 'text'],
  ['utm_campaign', 'utm_campaign', 'text'],
  ['utm_term', 'utm_term', 'text'],
  ['utm_content', 'utm_content', 'text'],
  ['device', 'device', 'text'],
  ['browser', 'browser', 'text'],
  ['os', 'os', 'text'],
  ['language', 'language', 'text'],
  ['screen_class', 'screen_class', 'text'],
  ['country', 'country', 'text'],
  ['region', 'region', 'text'],
  ['city', 'city', 'text'],
  ['latitude', 'latitude', 'float4'],
  ['longitude', 'longitude', 'float4'],
] as const;

export type EntryEventColumn = (typeof ENTRY_ATTRIBUTES)[number][1];

/** Columns that follow the entry event (argmin by entry_rank, entry_at, entry_event). */
export const ENTRY_COLUMNS: readonly (readonly [string, string])[] = [
  ['visitor_id', 'uuid'],
  ['entry_rank', 'int2'],
  ['entry_at', 'timestamptz'],
  ['entry_event', 'uuid'],
  ...ENTRY_ATTRIBUTES.map(([column, , type]) => [column, type] as const),
];

/** Columns that follow the exit page view (argmax by exit_at, exit_event). */
export const EXIT_COLUMNS: readonly (readonly [string, string])[] = [
  ['exit_at', 'timestamptz'],
  ['exit_event', 'uuid'],
  ['exit_page', 'text'],
];

/** Columns merged by plain aggregates. */
export const AGGREGATE_COLUMNS: readonly (readonly [string, string])[] = [
  ['started_at', 'timestamptz'],
  ['ended_at', 'timestamptz'],
  ['events', 'int4'],
  ['pageviews', 'int4'],
  ['interacted', 'bool'],
  ['is_bot', 'bool'],
];

export const KEY_COLUMNS: readonly (readonly [string, string])[] = [
  ['project_id', 'uuid'],
  ['session_id', 'uuid'],
];

/** Every column of `sessions`, in the order the writer sends them. */
export const SESSION_COLUMNS: readonly (readonly [string, string])[] = [...KEY_COLUMNS, ...AGGREGATE_COLUMNS, ...ENTRY_COLUMNS, ...EXIT_COLUMNS];
