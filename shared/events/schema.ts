import { z } from 'zod';
import { LIMITS } from './limits.js';
import { base, CatalogId, httpUrl, label, Timestamp, uuid } from './contractParts.js';
import {
  VideoEndEvent,
  VideoErrorEvent,
  VideoPauseEvent,
  VideoPlayEvent,
  VideoProgressEvent,
  VideoRequestEvent,
  VideoResumeEvent,
  VideoSeekEvent,
  VideoStallEvent,
  VideoTimeEvent,
  VideoStateEvent,
} from './videoEvents.js';

export { CatalogId, Timestamp } from './contractParts.js';
export {
  VideoEndEvent,
  VideoErrorEvent,
  VideoPauseEvent,
  VideoPlayEvent,
  VideoProgressEvent,
  VideoRequestEvent,
  VideoResumeEvent,
  VideoSeekEvent,
  VideoStallEvent,
  VideoTimeEvent,
  VideoStateEvent,
};

/**
 * The public ingest contract: one zod schema per event type. Unknown fields pass
 * through (`looseObject`) and end up in the `props` jsonb column.
 */
export const EVENT_TYPES = [
  'impression',
  'widget_open',
  'page_view',
  'page_exit',
  'video_play',
  'video_progress',
  'video_time',
  'click',
  'conversion',
  'form_submit',
  'custom',
  'form_start',
  'identify',
  'video_request',
  'video_stall',
  'video_seek',
  'video_pause',
  'video_resume',
  'video_error',
  'video_end',
  'holdout',
  'video_state',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];


/**
 * The video and slot a widget showed, optional on impressions and opens. Both or neither: a
 * video's figures are kept per (video, slot), so one without the other has nowhere to count.
 */
const shownVideo = { videoId: CatalogId.optional(), slotId: CatalogId.optional() };
type Shown = { videoId?: string; slotId?: string };
const slotWithVideo = (e: Shown) => e.videoId === undefined || e.slotId !== undefined;
const videoWithSlot = (e: Shown) => e.slotId === undefined || e.videoId !== undefined;
const NEEDS_SLOT = { path: ['slotId'], message: 'is required when videoId is given' };
const NEEDS_VIDEO = { path: ['videoId'], message: 'is required when slotId is given' };

export const ImpressionEvent = z
  .looseObject({ ...base, type: z.literal('impression'), url: httpUrl, ...shownVideo })
  .refine(slotWithVideo, NEEDS_SLOT)
  .refine(videoWithSlot, NEEDS_VIDEO);
export const WidgetOpenEvent = z
  .looseObject({ ...base, type: z.literal('widget_open'), url: httpUrl, ...shownVideo })
  .refine(slotWithVideo, NEEDS_SLOT)
  .refine(videoWithSlot, NEEDS_VIDEO);
/**
 * The visitor is in the project's holdout: the widget was hidden from them (at most once per
 * session). `percent` is the holdout share in force; the rollup counts the event only when the
 * visitor's bucket really is below it (shared/holdout/bucket.ts).
 */
export const HoldoutEvent = z.looseObject({
  ...base,
  type: z.literal('holdout'),
  percent: z.number().int('must be a whole number').min(1, 'must be 1-50').max(50, 'must be 1-50'),
  url: httpUrl.optional(),
});
export const PageViewEvent = z.looseObject({
  ...base,
  type: z.literal('page_view'),
  url: httpUrl,
  title: z.string().max(LIMITS.titleChars).optional(),
  referrer: z.union([httpUrl, z.literal('')]).optional(),
});
/** The visitor left a page: how long it was in view and how far it was scrolled. */
export const PageExitEvent = z.looseObject({
  ...base,
  type: z.literal('page_exit'),
  url: httpUrl,
  timeOnPageMs: z.number().int().min(0).max(LIMITS.maxTimeOnPageMs).optional(),
  maxScrollPercent: z.number().min(0).max(100).optional(),
});
export const ClickEvent = z
  .looseObject({
    ...base,
    type: z.literal('click'),
    videoId: CatalogId,
    slotId: CatalogId,
    playId: uuid.optional(),
    target: z.enum(['cta', 'detail', 'choice']),
    label: label.optional(),
    toSlotId: CatalogId.optional(),
  })
  .refine((e) => e.target !== 'choice' || e.toSlotId !== undefined, {
    path: ['toSlotId'],
    message: 'is required when target is choice',
  });
export const ConversionEvent = z
  .looseObject({
    ...base,
    type: z.literal('conversion'),
    conversionType: label.min(1),
    value: z.number().min(-LIMITS.maxValue).max(LIMITS.maxValue).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').optional(),
    orderId: label.min(1).optional(),
  })
  .refine((e) => e.value === undefined || e.currency !== undefined, {
    path: ['currency'],
    message: 'is required when value is given',
  });
/**
 * One field of a submitted form: its name, the input's type and how many characters the
 * visitor typed, never the value itself (values travel only in `values`, and only allowlisted).
 * Members other than these are dropped, so a value cannot ride along in a field object.
 */
export const FormField = z.object({
  name: label,
  type: z.string().max(LIMITS.formFieldTypeChars).optional(),
  length: z.number().int().min(0).max(LIMITS.maxFormValueLength).optional(),
});
export type FormField = z.infer<typeof FormField>;

/** The visitor began filling in a form: the start of an attempt that a form_submit completes. */
export const FormStartEvent = z.looseObject({
  ...base,
  type: z.literal('form_start'),
  formId: label.min(1),
  /** The page the form is on. */
  url: httpUrl.optional(),
});
export const FormSubmitEvent = z.looseObject({
  ...base,
  type: z.literal('form_submit'),
  formId: label.min(1),
  /** Field names (as first published), or field objects with the input type and value length. */
  fields: z.array(z.union([label, FormField])).max(LIMITS.formFields),
  outcome: label.min(1),
  /** Field values; only allowlisted fields keep one, and it is redacted before the queue. */
  values: z.record(label, z.string().max(LIMITS.labelChars)).optional(),
  /** The page the form is on. */
  url: httpUrl.optional(),
});
export const CustomEvent = z.looseObject({
  ...base,
  type: z.literal('custom'),
  name: label.min(1),
  props: z.record(z.string(), z.unknown()).optional(),
});

/** The site's own id of the visitor's user account; personal data (see README, Privacy). */
export const IdentifyEvent = z.looseObject({
  ...base,
  type: z.literal('identify'),
  userId: z.string().min(1, 'must be 1-200 characters').max(LIMITS.userIdChars, 'must be 1-200 characters'),
});

export const EVENT_SCHEMAS = {
  impression: ImpressionEvent,
  widget_open: WidgetOpenEvent,
  page_view: PageViewEvent,
  page_exit: PageExitEvent,
  video_play: VideoPlayEvent,
  video_progress: VideoProgressEvent,
  video_time: VideoTimeEvent,
  click: ClickEvent,
  conversion: ConversionEvent,
  form_submit: FormSubmitEvent,
  custom: CustomEvent,
  form_start: FormStartEvent,
  identify: IdentifyEvent,
  video_request: VideoRequestEvent,
  video_stall: VideoStallEvent,
  video_seek: VideoSeekEvent,
  video_pause: VideoPauseEvent,
  video_resume: VideoResumeEvent,
  video_error: VideoErrorEvent,
  video_end: VideoEndEvent,
  holdout: HoldoutEvent,
  video_state: VideoStateEvent,
} as const;

export type IngestEvent = { [K in EventType]: z.infer<(typeof EVENT_SCHEMAS)[K]> }[EventType];

/** The request envelope; events are validated one by one so one bad event cannot sink the batch. */
export const Envelope = z.looseObject({
  key: z.string().max(256).optional(),
  sentAt: Timestamp.optional(),
  events: z.array(z.unknown()).min(1, 'must hold at least one event'),
});

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
