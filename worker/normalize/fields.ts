import { LIMITS } from '../../shared/events/limits.js';
import { CatalogId, type EventType } from '../../shared/events/schema.js';
import { isUuid } from '../../shared/ids.js';
import type { EventShape } from './shape.js';
import { ToDeadLetter } from './toDeadLetter.js';
import type { NormalizedEvent } from './types.js';

/** The typed columns an event's own fields fill (time, page and agent come from other steps). */
export type TypedFields = Pick<
  NormalizedEvent,
  | 'play_id' | 'video_id' | 'slot_id' | 'to_slot_id' | 'percent' | 'seconds' | 'target' | 'label'
  | 'conversion_type' | 'value' | 'currency' | 'order_id' | 'name' | 'time_on_page_ms' | 'max_scroll_percent'
  | 'range_from' | 'range_to' | 'media_duration'
  | 'startup_ms' | 'stall_ms' | 'fatal'
>;

export interface ExtractedFields {
  columns: TypedFields;
  url: string | null;
  referrer: string | null;
  props: Record<string, unknown> | null;
}

type TextField = 'videoId' | 'slotId' | 'toSlotId' | 'target' | 'label' | 'conversionType' | 'currency' | 'orderId' | 'name';
type Field = TextField | 'playId' | 'percent' | 'seconds' | 'value' | 'url' | 'referrer' | 'timeOnPageMs' | 'maxScrollPercent' | MediaField
  | 'startupMs' | 'durationMs' | 'fatal';
type MediaField = 'from' | 'to' | 'duration';

const MEDIA_COLUMN: Record<MediaField, 'range_from' | 'range_to' | 'media_duration'> = { from: 'range_from', to: 'range_to', duration: 'media_duration' };

/** Fields every event may carry that never land in props (the device hints are read by device.ts). */
const BASE_FIELDS: ReadonlySet<string> = new Set(['id', 'type', 'ts', 'visitorId', 'sessionId', 'language', 'screenWidth', 'screenHeight', 'touchPoints']);
const VIDEO: readonly Field[] = ['videoId', 'slotId', 'playId'];

/** Fields of each type that have a column; a field of another type is unknown here and kept in props. */
const COLUMN_FIELDS: Record<EventType, readonly Field[]> = {
  impression: ['url', 'videoId', 'slotId'],
  widget_open: ['url', 'videoId', 'slotId'],
  page_view: ['url', 'referrer'],
  page_exit: ['url', 'timeOnPageMs', 'maxScrollPercent'],
  // Playback quality: only what the playback rollup reads has a column (autoplay, seek
  // positions, error codes and end reasons stay in props).
  video_play: [...VIDEO, 'duration', 'startupMs'],
  video_progress: [...VIDEO, 'percent'],
  video_time: [...VIDEO, 'seconds', 'from', 'to'],
  click: [...VIDEO, 'target', 'label', 'toSlotId'],
  conversion: ['conversionType', 'value', 'currency', 'orderId'],
  form_submit: ['url'],
  custom: ['name'],
  form_start: ['url'],
  identify: [],
  video_request: VIDEO,
  video_stall: [...VIDEO, 'durationMs'],
  video_seek: VIDEO,
  video_pause: VIDEO,
  video_resume: VIDEO,
  video_error: [...VIDEO, 'fatal'],
  video_end: VIDEO,
  holdout: ['percent', 'url'],
  // A player signal counts nowhere itself (the worker derives video events from a play's signals),
  // so its video and slot stay in props with its state and positions, out of every video figure.
  video_state: ['playId'],
};

type TextColumn = 'video_id' | 'slot_id' | 'to_slot_id' | 'target' | 'label' | 'conversion_type' | 'currency' | 'order_id' | 'name';

const TEXT_COLUMN: Record<TextField, TextColumn> = {
  videoId: 'video_id',
  slotId: 'slot_id',
  toSlotId: 'to_slot_id',
  target: 'target',
  label: 'label',
  conversionType: 'conversion_type',
  currency: 'currency',
  orderId: 'order_id',
  name: 'name',
};

/**
 * Watch seconds are summed into double precision, which errors on overflow: one event of 1e308
 * seconds would stop its day's rollup, so the contract's range is kept here too. (A value's
 * bound is its column, numeric(16,4): a larger one fails its insert and becomes a dead letter.)
 */
const MAX_SECONDS = LIMITS.maxSeconds;

/**
 * A page in view longer than a day is a tab left open, not reading time; the contract allows a
 * week, and the stored figure is clamped so one forgotten tab cannot swamp a page's average.
 */
export const MAX_TIME_ON_PAGE_MS = 86_400_000;

/** Ids that become parts of set scopes, which rely on their characters (no control characters). */
const CATALOG_FIELDS: ReadonlySet<Field> = new Set(['videoId', 'slotId', 'toSlotId']);

/**
 * Splits an event into typed columns and a props object. A typed field of the wrong
 * JavaScript type sends the event to dead letters rather than storing a silent null. Other checks are the API's, repeated here
 * only where a value outside the contract would break a rollup: watch seconds and catalog
 * ids (text lengths are capped by the last step, bounds.ts).
 */
export function extractFields(shape: EventShape): ExtractedFields | ToDeadLetter {
  const columns: TypedFields = {
    play_id: null,
    video_id: null,
    slot_id: null,
    to_slot_id: null,
    percent: null,
    seconds: null,
    target: null,
    label: null,
    conversion_type: null,
    value: null,
    currency: null,
    order_id: null,
    name: null,
    time_on_page_ms: null,
    max_scroll_percent: null,
    range_from: null,
    range_to: null,
    media_duration: null,
    startup_ms: null,
    stall_ms: null,
    fatal: null,
  };
  let url: string | null = null;
  let referrer: string | null = null;
  const raw = shape.raw;
  const own = COLUMN_FIELDS[shape.type];
  for (const field of own) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    switch (field) {
      case 'percent':
      case 'seconds':
      case 'value':
        if (typeof value !== 'number' || !Number.isFinite(value)) return new ToDeadLetter('malformed', field);
        if (field === 'seconds' && (value < 0 || value > MAX_SECONDS)) return new ToDeadLetter('out_of_range', field);
        columns[field] = value;
        break;
      case 'timeOnPageMs':
        if (typeof value !== 'number' || !Number.isFinite(value)) return new ToDeadLetter('malformed', field);
        columns.time_on_page_ms = Math.round(Math.min(Math.max(value, 0), MAX_TIME_ON_PAGE_MS));
        break;
      case 'maxScrollPercent':
        if (typeof value !== 'number' || !Number.isFinite(value)) return new ToDeadLetter('malformed', field);
        columns.max_scroll_percent = Math.min(Math.max(value, 0), 100);
        break;
      case 'from':
      case 'to':
      case 'duration':
        // The rollup turns positions into array indexes: outside the contract they could not be.
        if (typeof value !== 'number' || !Number.isFinite(value)) return new ToDeadLetter('malformed', field);
        if (value < 0 || value > LIMITS.maxMediaSeconds) return new ToDeadLetter('out_of_range', field);
        columns[MEDIA_COLUMN[field]] = value;
        break;
      case 'startupMs':
      case 'durationMs': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return new ToDeadLetter('malformed', field);
        // Clamped like the contract bounds them, so the histogram and the sums stay in range.
        const max = field === 'startupMs' ? LIMITS.maxStartupMs : LIMITS.maxStallMs;
        columns[field === 'startupMs' ? 'startup_ms' : 'stall_ms'] = Math.round(Math.min(Math.max(value, 0), max));
        break;
      }
      case 'fatal':
        if (typeof value !== 'boolean') return new ToDeadLetter('malformed', field);
        columns.fatal = value;
        break;
      case 'playId':
        if (typeof value !== 'string' || !isUuid(value)) return new ToDeadLetter('malformed', field);
        columns.play_id = value.toLowerCase();
        break;
      case 'url':
      case 'referrer':
        if (typeof value !== 'string') return new ToDeadLetter('malformed', field);
        if (field === 'url') url = value;
        else referrer = value;
        break;
      default:
        if (typeof value !== 'string') return new ToDeadLetter('malformed', field);
        if (CATALOG_FIELDS.has(field) && !CatalogId.safeParse(value).success) return new ToDeadLetter('malformed', field);
        columns[TEXT_COLUMN[field]] = value;
    }
  }
  // A video is counted per (video, slot): a widget naming only one of the two has nowhere to count.
  if ((shape.type === 'impression' || shape.type === 'widget_open') && (columns.video_id === null) !== (columns.slot_id === null)) {
    return new ToDeadLetter('malformed', columns.video_id === null ? 'videoId' : 'slotId');
  }
  // A range the rollup could not order is not a range; the API refuses it, so only a replayed job gets here.
  if ((columns.range_from === null) !== (columns.range_to === null)) return new ToDeadLetter('malformed', columns.range_from === null ? 'from' : 'to');
  if (columns.range_from !== null && columns.range_to !== null && columns.range_to < columns.range_from) return new ToDeadLetter('out_of_range', 'to');
  return { columns, url, referrer, props: collectProps(shape.type, raw, own) };
}

/**
 * Everything without a column lands in props: unknown fields, and contract fields that
 * have none (page_view's title; form_submit's formId, fields, outcome and values; form_start's formId).
 * A custom event's own props are merged in at the top level.
 */
function collectProps(type: EventType, raw: Readonly<Record<string, unknown>>, own: readonly string[]): Record<string, unknown> | null {
  const props: Record<string, unknown> = {};
  let count = 0;
  const put = (key: string, value: unknown) => {
    // defineProperty, not assignment: a `__proto__` key must stay data, never become a prototype.
    Object.defineProperty(props, key, { value, enumerable: true, writable: true, configurable: true });
    count++;
  };
  for (const [key, value] of Object.entries(raw)) {
    if (BASE_FIELDS.has(key) || own.includes(key) || value === undefined) continue;
    if (type === 'custom' && key === 'props') continue;
    put(key, value);
  }
  if (type === 'custom' && isPlainObject(raw.props)) {
    for (const [key, value] of Object.entries(raw.props)) put(key, value);
  }
  return count > 0 ? props : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
