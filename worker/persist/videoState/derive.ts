import { v5 as uuidv5 } from 'uuid';
import { LIMITS } from '../../../shared/events/limits.js';
import type { VideoStateName } from '../../../shared/events/videoEvents.js';

/**
 * A play's Cuepoint video events, derived from all of its player signals (`video_state`).
 * Pure: the same set of signals gives the same events, ids included, in whatever order the
 * signals arrived, because everything is computed from the signals sorted by
 * (time, state rank, event id).
 */

export interface Signal {
  eventId: string;
  /** Corrected time, epoch ms. */
  at: number;
  state: VideoStateName;
  position: number | null;
  totalLength: number | null;
  videoId: string | null;
  slotId: string | null;
  autoplay: boolean | null;
}

export type DerivedType =
  | 'video_request' | 'video_play' | 'video_progress' | 'video_time' | 'video_pause' | 'video_resume' | 'video_seek' | 'video_stall' | 'video_end';

export interface DerivedFields {
  percent?: 25 | 50 | 75 | 100;
  seconds?: number;
  from?: number;
  to?: number;
  position?: number;
  duration?: number;
  startupMs?: number;
  durationMs?: number;
  autoplay?: boolean;
  reason?: 'completed' | 'exited';
}

export interface DerivedEvent {
  id: string;
  type: DerivedType;
  /** The signal it is dated at: the derived row takes that signal's time, visitor, session, device and place. */
  source: string;
  fields: DerivedFields;
}

export interface Derivation {
  videoId: string;
  slotId: string;
  events: DerivedEvent[];
}

/** The slot of a play whose signals name none: a video's figures are kept per (video, slot). */
export const DEFAULT_SLOT = 'default';

/**
 * Ties at one instant: a start before what it starts, a resumption before the heartbeat after
 * it, and the signals that stop playback after those that continue it, so two signals sent in
 * the same millisecond read as a player would have sent them.
 */
const RANK: Record<VideoStateName, number> = {
  playback_started: 0,
  content_started: 1,
  seek_completed: 2,
  buffer_completed: 3,
  resumed: 4,
  playing: 5,
  buffer_started: 6,
  seek_started: 7,
  paused: 8,
  content_completed: 9,
  playback_completed: 10,
  interrupted: 11,
  exited: 12,
};

const MARKS = [25, 50, 75] as const;

export function compareSignals(a: Signal, b: Signal): number {
  if (a.at !== b.at) return a.at - b.at;
  if (RANK[a.state] !== RANK[b.state]) return RANK[a.state] - RANK[b.state];
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/**
 * Derives the play's events; undefined when no signal names a video (there is no video to count
 * the play under). Rules:
 * - request: at the first playback_started (with its autoplay); first frame (`video_play`): at the
 *   first content_started, else the first playback_started, else the first heartbeat, with the
 *   first total_length as duration and, when a request precedes it, the time between as startupMs;
 * - watch time: between consecutive signals a → b while the player plays after a (started, and not
 *   paused, seeking, buffering or ended) and b.position > a.position, a `video_time` dated at b of
 *   d = min(b.position − a.position, wall-clock seconds between them) over [a.position, a.position + d):
 *   a seek or a pause adds nothing, and a jump is capped by the time it could have taken;
 * - milestones 25/50/75: when such a watched stretch crosses N % of the length, as the tracker
 *   fires them (a seek past a mark does not reach it); 100 at the first content or playback
 *   completed after the first frame;
 * - pauses and resumptions at their signals; a seek from seek_started's position to
 *   seek_completed's, at the completion (a seek that never completes is not sent, so a stream
 *   arriving in order only ever adds events here); a buffer_started →
 *   buffer_completed after the first frame and outside a seek is a stall of the time between;
 * - the first completed / exited / interrupted after the first frame ends the play (completed,
 *   or exited).
 */
export function derivePlay(projectId: string, playId: string, input: readonly Signal[]): Derivation | undefined {
  const signals = [...input].sort(compareSignals);
  const videoId = signals.find((s) => s.videoId !== null)?.videoId;
  if (videoId === undefined || videoId === null) return undefined;
  const slotId = signals.find((s) => s.slotId !== null)?.slotId ?? DEFAULT_SLOT;
  const id = (...parts: string[]) => uuidv5(`video_state:${playId}:${parts.join(':')}`, projectId);
  const events: DerivedEvent[] = [];
  const totalLength = signals.find((s) => s.totalLength !== null)?.totalLength ?? null;

  const request = signals.find((s) => s.state === 'playback_started');
  if (request !== undefined) {
    events.push({ id: id('request', request.eventId), type: 'video_request', source: request.eventId, fields: request.autoplay === null ? {} : { autoplay: request.autoplay } });
  }
  const frame =
    signals.find((s) => s.state === 'content_started') ?? request ?? signals.find((s) => s.state === 'playing' || s.state === 'resumed');
  if (frame === undefined) return { videoId, slotId, events };
  const frameFields: DerivedFields = {};
  if (totalLength !== null) frameFields.duration = totalLength;
  if (request !== undefined && request.at <= frame.at && request !== frame) {
    const startup = frame.at - request.at;
    if (startup <= LIMITS.maxStartupMs) frameFields.startupMs = startup;
  }
  if (request?.autoplay !== undefined && request.autoplay !== null) frameFields.autoplay = request.autoplay;
  events.push({ id: id('play', frame.eventId), type: 'video_play', source: frame.eventId, fields: frameFields });

  const reached = new Set<number>();
  let started = false;
  let paused = false;
  let seek: Signal | undefined;
  let buffer: Signal | undefined;
  let ended = false;
  /** The last signal with a position while playing: the start of the next counted delta. */
  let anchor: Signal | undefined;

  for (const s of signals) {
    if (s === frame) started = true;
    // Watch time up to this signal, from the anchor set while playing.
    if (anchor !== undefined && s.position !== null && anchor.position !== null && s.position > anchor.position) {
      const d = Math.min(s.position - anchor.position, (s.at - anchor.at) / 1000);
      if (d > 0) {
        const from = anchor.position;
        const to = from + d;
        events.push({ id: id('time', anchor.eventId, s.eventId), type: 'video_time', source: s.eventId, fields: { seconds: d, from, to } });
        if (totalLength !== null) {
          for (const percent of MARKS) {
            const mark = (totalLength * percent) / 100;
            if (!reached.has(percent) && from < mark && to >= mark) {
              reached.add(percent);
              events.push({ id: id('progress', String(percent)), type: 'video_progress', source: s.eventId, fields: { percent } });
            }
          }
        }
      }
    }
    if (!started || ended) {
      anchor = undefined;
      continue;
    }
    switch (s.state) {
      case 'paused':
        paused = true;
        events.push({ id: id('pause', s.eventId), type: 'video_pause', source: s.eventId, fields: position(s) });
        break;
      case 'resumed':
        paused = false;
        events.push({ id: id('resume', s.eventId), type: 'video_resume', source: s.eventId, fields: position(s) });
        break;
      case 'playing':
      case 'content_started':
      case 'playback_started':
        paused = false;
        break;
      case 'seek_started':
        seek ??= s;
        buffer = undefined;
        break;
      case 'seek_completed':
        if (seek !== undefined && seek.position !== null && s.position !== null) {
          events.push({ id: id('seek', seek.eventId, s.eventId), type: 'video_seek', source: s.eventId, fields: { from: seek.position, to: s.position } });
        }
        seek = undefined;
        break;
      case 'buffer_started':
        if (seek === undefined) buffer ??= s;
        break;
      case 'buffer_completed':
        if (buffer !== undefined) {
          const ms = Math.min(s.at - buffer.at, LIMITS.maxStallMs);
          events.push({ id: id('stall', buffer.eventId), type: 'video_stall', source: s.eventId, fields: { durationMs: ms } });
        }
        buffer = undefined;
        break;
      case 'content_completed':
      case 'playback_completed':
      case 'exited':
      case 'interrupted': {
        const completed = s.state === 'content_completed' || s.state === 'playback_completed';
        if (completed && !reached.has(100)) {
          reached.add(100);
          events.push({ id: id('progress', '100'), type: 'video_progress', source: s.eventId, fields: { percent: 100 } });
        }
        events.push({ id: id('end'), type: 'video_end', source: s.eventId, fields: { reason: completed ? 'completed' : 'exited' } });
        ended = true;
        break;
      }
    }
    const playing = !paused && seek === undefined && buffer === undefined && !ended;
    if (!playing) anchor = undefined;
    else if (s.position !== null) anchor = s;
  }
  return { videoId, slotId, events };
}

function position(s: Signal): DerivedFields {
  return s.position === null ? {} : { position: s.position };
}
