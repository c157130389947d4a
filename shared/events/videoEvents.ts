import { z } from 'zod';
import { base, videoRef } from './contractParts.js';
import { LIMITS } from './limits.js';

/**
 * The video events of the ingest contract: the first frame, milestones and watched stretches,
 * and the playback-quality events (request, stall, seek, pause, resume, error, end).
 */

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

/**
 * Player states of Segment's Video Spec, one per track event it names (`Video Playback
 * Started` → playback_started, `Video Content Playing` → playing, …).
 */
export const VIDEO_STATES = [
  'playback_started',
  'content_started',
  'playing',
  'paused',
  'resumed',
  'seek_started',
  'seek_completed',
  'buffer_started',
  'buffer_completed',
  'content_completed',
  'playback_completed',
  'exited',
  'interrupted',
] as const;
export type VideoStateName = (typeof VIDEO_STATES)[number];

/**
 * A player signal with the media position it was sent at (Segment's Video Spec). The worker
 * derives the play's request, first frame, milestones, watched stretches, pauses, seeks, stalls
 * and end from all the signals of one play, in time order, whatever order they arrive in.
 * `videoId` and `slotId` may be missing on some signals of a play: the first signal naming each
 * names it for the whole play.
 */
export const VideoStateEvent = z.looseObject({
  ...base,
  type: z.literal('video_state'),
  playId: videoRef.playId,
  videoId: videoRef.videoId.optional(),
  slotId: videoRef.slotId.optional(),
  state: z.enum(VIDEO_STATES, { error: `must be one of ${VIDEO_STATES.join(', ')}` }),
  position: mediaSeconds.optional().meta({ description: 'The media position when the signal was sent, in seconds.' }),
  totalLength: z.number().gt(0, 'must be more than 0').max(LIMITS.maxMediaSeconds).optional(),
  seekPosition: mediaSeconds.optional().meta({ description: 'seek_started: where the seek goes.' }),
  autoplay: z.boolean().optional(),
});
