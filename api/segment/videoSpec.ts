import { uuidV5 as uuidv5 } from './uuidV5.js';
import { LIMITS } from '../../shared/events/limits.js';
import type { VideoStateName } from '../../shared/events/videoEvents.js';
import { cutText, Refusal, wellFormed } from './messageFields.js';

/**
 * Segment's Video Spec (`Video Playback Started`, `Video Content Playing`, …): which track
 * messages are player signals, and the `video_state` event each becomes. The worker derives the
 * play's Cuepoint video events from all signals of one playback session (docs/architecture.md,
 * "Video Spec signals"); here each message is only translated, never interpreted.
 */

/** What every mapped message already has; `sessionId` is filled by the server's session split when the message names none. */
export interface CommonFields {
  id: string;
  ts: number;
  visitorId: string;
  sessionId?: string;
}

export interface VideoSpecOptions {
  projectId: string;
  /** The property naming the widget slot (a project setting, `slot_id` by default). */
  slotProperty: string;
}

/** Video Spec event names (lowercased, spaces and underscores as one space) → player state. Ad events are not player signals of the content. */
const STATES: Readonly<Record<string, VideoStateName>> = {
  'video playback started': 'playback_started',
  'video playback paused': 'paused',
  'video playback resumed': 'resumed',
  'video playback interrupted': 'interrupted',
  'video playback buffer started': 'buffer_started',
  'video playback buffer completed': 'buffer_completed',
  'video playback seek started': 'seek_started',
  'video playback seek completed': 'seek_completed',
  'video playback completed': 'playback_completed',
  'video playback exited': 'exited',
  'video content started': 'content_started',
  'video content playing': 'playing',
  'video content completed': 'content_completed',
};

/** The state a Video Spec event name stands for, or undefined. */
export function videoStateOf(name: string): VideoStateName | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_]+/g, ' ');
  // Own members only: `constructor` would otherwise read Object's and become a "state".
  return Object.hasOwn(STATES, key) ? STATES[key] : undefined;
}

/**
 * The `video_state` ingest event for a Video Spec track message, or undefined when `name` is not
 * one (or the message cannot be tied to a play): the caller stores it as a custom event then.
 * The play is the Video Spec's `session_id` (one playback) of this visitor, as a UUIDv5 in the
 * project's namespace, so every message of one playback names the same play whichever request
 * carries it. A value outside the contract's range is left out rather than refusing the message.
 */
export function videoSpecEvent(
  name: string,
  properties: Readonly<Record<string, unknown>>,
  common: CommonFields,
  options: VideoSpecOptions,
): Record<string, unknown> | undefined {
  const state = videoStateOf(name);
  if (state === undefined) return undefined;
  const read = (snake: string) => property(properties, snake);
  const session = read('session_id');
  const sessionKey = typeof session === 'string' ? session.trim() : typeof session === 'number' && Number.isFinite(session) ? String(session) : '';
  if (sessionKey === '') return undefined;
  const assetIds = read('content_asset_ids');
  const videoId = catalogId(read('content_asset_id')) ?? catalogId(read('asset_id')) ?? (Array.isArray(assetIds) ? catalogId(assetIds[0]) : undefined);
  const slotId = catalogId(read(options.slotProperty));
  const event: Record<string, unknown> = {
    ...common,
    type: 'video_state',
    playId: uuidv5(`play:${common.visitorId}:${sessionKey}`, options.projectId),
    state,
  };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) event[key] = value;
  };
  put('videoId', videoId);
  put('slotId', slotId);
  put('position', mediaSeconds(read('position')));
  const total = mediaSeconds(read('total_length'));
  put('totalLength', total === 0 ? undefined : total);
  put('seekPosition', mediaSeconds(read('seek_position')));
  const autoplay = read('autoplay');
  put('autoplay', typeof autoplay === 'boolean' ? autoplay : undefined);
  const livestream = read('livestream');
  put('livestream', typeof livestream === 'boolean' ? livestream : undefined);
  const player = read('video_player');
  put('videoPlayer', playerName(player));
  return event;
}

/** A property by its snake_case name, else its camelCase form (`total_length` / `totalLength`). */
function property(properties: Readonly<Record<string, unknown>>, snake: string): unknown {
  if (Object.hasOwn(properties, snake)) return properties[snake];
  const camel = snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return Object.hasOwn(properties, camel) ? properties[camel] : undefined;
}

/**
 * The player's name cut to a label's length, never inside a surrogate pair; left out when it
 * holds what no stored text may (a NUL, a lone surrogate), since it is no reason to lose the signal.
 */
function playerName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const name = cutText(value, LIMITS.labelChars);
  return wellFormed(name, 'properties.video_player') instanceof Refusal ? undefined : name;
}

/** Seconds within the contract's media range; numeric strings are read too (some players send them). */
function mediaSeconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= LIMITS.maxMediaSeconds ? n : undefined;
}

/**
 * An id in the catalog alphabet (A-Z a-z 0-9 . _ : -, 1-128 characters): other characters become
 * `_`, so `Intro Video #1` is `Intro_Video_1`; nothing usable left means no id.
 */
function catalogId(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  const id = raw.replace(/[^A-Za-z0-9._:-]+/g, '_').slice(0, 128);
  return /[A-Za-z0-9]/.test(id) ? id : undefined;
}
