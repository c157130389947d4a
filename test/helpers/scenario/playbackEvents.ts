import { createHash } from 'node:crypto';
import type { EventBody } from './generate.js';

type Emit = (at: number, body: EventBody, id: string) => unknown;

interface VideoRef {
  videoId: string;
  slotId: string;
  playId: string;
}

/** A UUID in the version 4 layout derived from a seed, so that no random number is drawn for it. */
export function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = '89ab'[parseInt(h[16]!, 16) % 4]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What a playback-quality tracker sends before a play's first frame, decided by the play's own
 * id (so the generator's random sequence, and every other figure, stays as it was): four plays
 * in five come with a request 50–2,999 ms before their first frame, which then carries that
 * startup time; the fifth is an older tracker's, with neither. Before some requested plays the
 * viewer abandoned an earlier request (a request alone: an exit before start), and before others
 * a request failed (a request and a fatal error: a startup failure). Returns the startup time.
 */
export function playbackPrelude(emit: Emit, t0: number, v: VideoRef): number | undefined {
  const h = parseInt(v.playId.slice(0, 8), 16);
  if (h % 5 === 0) return undefined;
  const startupMs = 50 + ((h >>> 3) % 2950);
  const requestAt = t0 - startupMs;
  if (h % 13 === 1) {
    const playId = derivedUuid(`${v.playId}/abandoned`);
    emit(requestAt - 4000, { type: 'video_request', ...v, playId }, derivedUuid(`${playId}/request`));
  }
  if (h % 17 === 2) {
    const playId = derivedUuid(`${v.playId}/failed`);
    emit(requestAt - 9000, { type: 'video_request', ...v, playId }, derivedUuid(`${playId}/request`));
    emit(requestAt - 7500, { type: 'video_error', ...v, playId, code: '4', fatal: true }, derivedUuid(`${playId}/error`));
  }
  emit(requestAt, { type: 'video_request', ...v }, derivedUuid(`${v.playId}/request`));
  return startupMs;
}

/** A heartbeat of a play: the instant its stretch began playing and the instant it was sent. */
export type Beat = readonly [from: number, at: number];

/**
 * What a play's quality events are, decided by the play's own id (the last group's digits,
 * which playbackPrelude does not read), so no random number is drawn: one play in four stalls
 * at every third heartbeat (0.2–5 s each, in the middle of the stretch); one in nine of those
 * that do not end fails fatally just before its last heartbeat (a playback failure); one in
 * seven has a recoverable error during startup (not a startup failure) and one in seven another
 * after the first frame (no failure either); every other play sends its end. All of them fall
 * between the play's first frame and its last heartbeat, so no session gets longer.
 */
export function playbackQuality(emit: Emit, t0: number, v: VideoRef, startupMs: number | undefined, beats: readonly Beat[], ended: boolean): void {
  const h = parseInt(v.playId.slice(24, 32), 16);
  const last = beats[beats.length - 1];
  if (last === undefined) return;
  if (h % 4 === 0) {
    beats.forEach(([from, at], k) => {
      if (((h >>> 4) + k) % 3 !== 0) return;
      const durationMs = 200 + (((h >>> 8) + 977 * k) % 4800);
      emit(Math.round((from + at) / 2), { type: 'video_stall', ...v, durationMs }, derivedUuid(`${v.playId}/stall/${k}`));
    });
  }
  const failed = !ended && h % 9 === 4 && last[1] - 1 > t0;
  if (failed) emit(last[1] - 1, { type: 'video_error', ...v, code: '3', fatal: true }, derivedUuid(`${v.playId}/fatal`));
  if (h % 7 === 3 && startupMs !== undefined) emit(t0 - 1, { type: 'video_error', ...v, code: '2', fatal: false }, derivedUuid(`${v.playId}/startup-hiccup`));
  if (h % 7 === 5 && last[1] - 2 > t0) emit(last[1] - 2, { type: 'video_error', ...v, code: '2', fatal: false }, derivedUuid(`${v.playId}/hiccup`));
  if (h % 2 === 0) {
    const reason = failed ? 'error' : ended ? 'completed' : 'exited';
    emit(last[1], { type: 'video_end', ...v, reason }, derivedUuid(`${v.playId}/end`));
  }
}
