import { z } from 'zod';
import { LIMITS } from './limits.js';

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
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Client clocks can say anything; an instant outside [2000, 10000) cannot be a real event
 * time and PostgreSQL cannot store every such instant, so it is refused before the 202.
 */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(10000, 0, 1) - 1;
const IN_RANGE = 'must lie between the years 2000 and 9999';
const SECONDS_HINT = 'must be epoch milliseconds (this looks like seconds)';

/** `date +%s` and Python's `time.time()` give seconds: a number that would be in range times 1000. */
function looksLikeSeconds(value: unknown): boolean {
  return typeof value === 'number' && value * 1000 >= EARLIEST_MS && value * 1000 <= LATEST_MS;
}

/** Too small: seconds get the hint, anything else the plain range. Undefined falls back to zod's message. */
const tooSmall = (issue: { input?: unknown }) => (looksLikeSeconds(issue.input) ? SECONDS_HINT : IN_RANGE);

/** Epoch milliseconds or an ISO 8601 timestamp with an offset. */
export const Timestamp = z.union(
  [
    z.number({ error: 'must be epoch milliseconds or an ISO 8601 timestamp' }).int().min(EARLIEST_MS, { error: tooSmall }).max(LATEST_MS, IN_RANGE),
    z.iso.datetime({ offset: true }).refine((s) => {
      const ms = Date.parse(s);
      return ms >= EARLIEST_MS && ms <= LATEST_MS;
    }, IN_RANGE),
  ],
  // A fractional number fails both branches; fractional seconds still deserve the hint.
  { error: (issue) => (looksLikeSeconds(issue.input) ? SECONDS_HINT : undefined) },
);

const uuid = z.uuid({ error: 'must be a UUID' });
/** The operator's own id for a video or slot. */
export const CatalogId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -');
const httpUrl = z
  .string()
  .max(LIMITS.urlChars)
  .refine((s) => URL.canParse(s) && /^https?:$/i.test(new URL(s).protocol), 'must be an absolute http(s) URL');
const label = z.string().max(LIMITS.labelChars);

/**
 * What the browser knows about its device, optional on every event: the user agent alone
 * cannot tell an iPad (whose Safari claims to be a Mac) from a desktop, nor the screen size.
 */
const deviceHints = {
  language: z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag').max(35).optional(),
  screenWidth: z.number().int().min(0).max(LIMITS.maxScreenPixels).optional(),
  screenHeight: z.number().int().min(0).max(LIMITS.maxScreenPixels).optional(),
  touchPoints: z.number().int().min(0).max(LIMITS.maxTouchPoints).optional(),
};

const base = {
  id: uuid,
  ts: Timestamp,
  visitorId: uuid,
  sessionId: uuid,
  ...deviceHints,
};
const videoRef = { videoId: CatalogId, slotId: CatalogId, playId: uuid };

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
/** A position or length in the media, in seconds. */
const mediaSeconds = z.number().min(0).max(LIMITS.maxMediaSeconds);
/** The first frame of a play; new trackers add how long it took since the play's request. */
export const VideoPlayEvent = z.looseObject({
  ...base,
  type: z.literal('video_play'),
  ...videoRef,
  duration: z
    .number()
    .gt(0, 'must be more than 0')
    .max(LIMITS.maxMediaSeconds)
    .optional()
    .meta({ description: 'The media duration in seconds, when the player knows it (not for live streams).' }),
  startupMs: z.number().int().min(0).max(LIMITS.maxStartupMs).optional(),
  autoplay: z.boolean().optional(),
});
/** Play intent (a click or an autoplay), sent before the first frame with the playId the play will have. */
export const VideoRequestEvent = z.looseObject({ ...base, type: z.literal('video_request'), ...videoRef, autoplay: z.boolean().optional() });
/** One rebuffering stall after the first frame (never during startup or a seek), with its length. */
export const VideoStallEvent = z.looseObject({
  ...base,
  type: z.literal('video_stall'),
  ...videoRef,
  durationMs: z.number().int().min(0).max(LIMITS.maxStallMs),
});
export const VideoSeekEvent = z.looseObject({ ...base, type: z.literal('video_seek'), ...videoRef, from: mediaSeconds, to: mediaSeconds });
export const VideoPauseEvent = z.looseObject({ ...base, type: z.literal('video_pause'), ...videoRef, position: mediaSeconds.optional() });
export const VideoResumeEvent = z.looseObject({ ...base, type: z.literal('video_resume'), ...videoRef, position: mediaSeconds.optional() });
/** A media error; `fatal` when the element gave up (its `error` is set), not a recoverable hiccup. */
export const VideoErrorEvent = z.looseObject({
  ...base,
  type: z.literal('video_error'),
  ...videoRef,
  code: z.string().min(1).max(LIMITS.errorCodeChars),
  fatal: z.boolean(),
});
export const VideoEndEvent = z.looseObject({
  ...base,
  type: z.literal('video_end'),
  ...videoRef,
  reason: z.enum(['completed', 'exited', 'error']),
});
export const VideoProgressEvent = z.looseObject({
  ...base,
  type: z.literal('video_progress'),
  ...videoRef,
  percent: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)], {
    error: 'must be one of 25, 50, 75, 100',
  }),
});
/**
 * `seconds` is the watch time counted since the last one; `from` and `to`, when sent, are the
 * contiguous stretch of media [from, to) it was played over (a seek ends a stretch), which the
 * audience-retention curve counts. Both or neither; the stretch may exceed the seconds by a
 * small margin only (a faster playback rate, a position read between ticks).
 */
export const VideoTimeEvent = z
  .looseObject({
    ...base,
    type: z.literal('video_time'),
    ...videoRef,
    seconds: z.number().min(0).max(LIMITS.maxSeconds),
    from: mediaSeconds.optional().meta({ description: 'Media second where the played stretch began; with `to`.' }),
    to: mediaSeconds
      .optional()
      .meta({ description: `Media second where it ended (exclusive); at least \`from\`, at most \`seconds\` + ${LIMITS.maxRangeOverSeconds} after it. A seek ends a stretch.` }),
  })
  .refine((e) => e.from !== undefined || e.to === undefined, { path: ['from'], message: 'is required when to is given' })
  .refine((e) => e.to !== undefined || e.from === undefined, { path: ['to'], message: 'is required when from is given' })
  .refine((e) => e.from === undefined || e.to === undefined || e.to >= e.from, { path: ['to'], message: 'must be at least from' })
  .refine((e) => e.from === undefined || e.to === undefined || e.to - e.from <= e.seconds + LIMITS.maxRangeOverSeconds, {
    path: ['to'],
    message: `must not lie more than seconds + ${LIMITS.maxRangeOverSeconds} after from`,
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
