import type { NormalizedEvent } from '../normalize/types.js';

/**
 * The array type each column is sent as through `unnest`, in the table's column order (columns
 * added by later migrations come last). Keyed by NormalizedEvent, so a field without a column
 * (or a column without a field) fails to compile.
 */
const COLUMN_TYPES = {
  project_id: 'uuid',
  event_id: 'uuid',
  type: 'text',
  occurred_at: 'timestamptz',
  client_ts: 'timestamptz',
  received_at: 'timestamptz',
  visitor_id: 'uuid',
  session_id: 'uuid',
  play_id: 'uuid',
  video_id: 'text',
  slot_id: 'text',
  to_slot_id: 'text',
  percent: 'int2',
  seconds: 'float8',
  target: 'text',
  label: 'text',
  url: 'text',
  page_key: 'text',
  url_host: 'text',
  url_path: 'text',
  referrer: 'text',
  referrer_host: 'text',
  referrer_class: 'text',
  utm_source: 'text',
  utm_medium: 'text',
  utm_campaign: 'text',
  utm_term: 'text',
  utm_content: 'text',
  conversion_type: 'text',
  value: 'numeric',
  currency: 'text',
  order_id: 'text',
  name: 'text',
  browser: 'text',
  browser_version: 'text',
  os: 'text',
  device: 'text',
  country: 'text',
  ip_prefix: 'text',
  is_bot: 'bool',
  props: 'jsonb',
  from_server: 'bool',
  referrer_source: 'text',
  referrer_platform: 'text',
  language: 'text',
  screen_class: 'text',
  region: 'text',
  city: 'text',
  latitude: 'float4',
  longitude: 'float4',
  time_on_page_ms: 'int4',
  max_scroll_percent: 'float4',
  range_from: 'float8',
  range_to: 'float8',
  media_duration: 'float8',
} as const satisfies Record<keyof NormalizedEvent, string>;

export const EVENT_COLUMNS = Object.keys(COLUMN_TYPES) as (keyof NormalizedEvent)[];

/** `INSERT INTO events (...) SELECT * FROM unnest($1::uuid[], ...)`: one statement for the whole batch. */
export const INSERT_EVENTS_SQL = `insert into events (${EVENT_COLUMNS.join(', ')})
  select * from unnest(${EVENT_COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}[]`).join(', ')})`;

type Param = string | number | boolean | null;

/** Column-major arrays, in EVENT_COLUMNS order. */
export function toColumnArrays(rows: readonly NormalizedEvent[]): Param[][] {
  return EVENT_COLUMNS.map((column) => rows.map((row) => toParam(row[column])));
}

function toParam(value: NormalizedEvent[keyof NormalizedEvent]): Param {
  if (value instanceof Date) return value.toISOString();
  // jsonb goes as text: pg's own array encoding would not escape nested objects the same way.
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}
