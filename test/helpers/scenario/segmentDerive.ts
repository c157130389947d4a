import { derivedUuid } from './playbackEvents.js';
import type { EventBody } from './generate.js';
import type { ScenarioEvent } from './types.js';

/**
 * The oracle's own reading of Segment's Video Spec, from the rules the README states for it
 * ("How the figures are derived"), sharing nothing with the worker: the events each play's
 * signals stand for, to be counted like the tracker's. Per play (one playback `session_id` of one
 * visitor), over the signals stored so far, in time order:
 * - the video is the first signal's that names one (none: the play counts nowhere); the slot
 *   likewise, else `default`; the length is the first total length;
 * - a view (`video_request`) at the first Playback Started; the first frame (`video_play`) at the
 *   first Content Started, else that Playback Started, else the first heartbeat, with the time
 *   from Playback Started as its startup time and the total length as its duration;
 * - while playing (after the first frame, not paused, seeking, buffering or ended), each signal
 *   whose position is past the previous signal's adds a played stretch from that position, as
 *   long as the smaller of the advance and the wall-clock seconds between them, dated at the
 *   later signal; 25/50/75 % the first time a stretch reaches them; 100 % at the first Content or
 *   Playback Completed; a stall from Buffer Started to Buffer Completed, dated at its end;
 * - the end at the first Completed (completed) or Exited / Interrupted (exited).
 * Pauses, resumptions and seeks are stored as events too and counted in no figure.
 * The generator gives every signal of a play its own instant, so no tie needs breaking.
 */

type Signal = ScenarioEvent & { type: 'video_state' };

const STOPS = new Set(['content_completed', 'playback_completed', 'exited', 'interrupted']);

/** The derived events, whose ids are the oracle's own (the stored rows are matched by type, visitor and time). */
const DERIVED = new WeakSet<ScenarioEvent>();

export function isDerived(e: ScenarioEvent): boolean {
  return DERIVED.has(e);
}

/** The events with the derived ones of every play added. */
export function withVideoSpecPlays(events: readonly ScenarioEvent[]): ScenarioEvent[] {
  const plays = new Map<string, Signal[]>();
  for (const e of events) {
    if (e.type !== 'video_state') continue;
    const list = plays.get(e.playId) ?? [];
    list.push(e);
    plays.set(e.playId, list);
  }
  const derived = [...plays.values()].flatMap(derivePlay);
  return [...events, ...derived];
}

function derivePlay(unsorted: readonly Signal[]): ScenarioEvent[] {
  const signals = [...unsorted].sort((a, b) => a.at - b.at);
  signals.forEach((s, i) => {
    if (i > 0 && signals[i - 1]!.at === s.at) throw new Error(`two signals of play ${s.playId} at one instant`);
  });
  const videoId = signals.find((s) => s.asset !== undefined)?.asset;
  if (videoId === undefined) return [];
  const slotId = signals.find((s) => s.slot !== undefined)?.slot ?? 'default';
  const length = signals.find((s) => (s.totalLength ?? 0) > 0)?.totalLength;
  const ref = { videoId, slotId, playId: signals[0]!.playId };
  const out: ScenarioEvent[] = [];
  const add = (at: Signal, kind: string, body: EventBody) => {
    const { id: _id, type: _type, playId: _p, state: _s, position: _pos, totalLength: _t, asset: _a, slot: _sl, ...base } = at;
    const event = { ...base, ...body, id: derivedUuid(`${ref.playId}/${kind}/${at.id}`) };
    DERIVED.add(event);
    out.push(event);
  };

  const request = signals.find((s) => s.state === 'playback_started');
  if (request) add(request, 'request', { type: 'video_request', ...ref });
  const frame = signals.find((s) => s.state === 'content_started') ?? request ?? signals.find((s) => s.state === 'playing');
  if (!frame) return out;
  const startupMs = request && request !== frame && request.at <= frame.at ? frame.at - request.at : undefined;
  add(frame, 'play', { type: 'video_play', ...ref, ...(startupMs === undefined ? {} : { startupMs }), ...(length === undefined ? {} : { duration: length }) });

  const reached = new Set<number>();
  let from: Signal | undefined;
  let state: 'before' | 'playing' | 'paused' | 'seeking' | 'buffering' | 'ended' = 'before';
  let bufferFrom: Signal | undefined;
  for (const s of signals) {
    if (from !== undefined && s.position !== undefined && from.position !== undefined && s.position > from.position) {
      const seconds = Math.min(s.position - from.position, (s.at - from.at) / 1000);
      const start = from.position;
      add(s, `time/${from.id}`, { type: 'video_time', ...ref, seconds, from: start, to: start + seconds });
      for (const percent of [25, 50, 75] as const) {
        const mark = (length ?? Infinity) * (percent / 100);
        if (!reached.has(percent) && start < mark && mark <= start + seconds) {
          reached.add(percent);
          add(s, `progress/${percent}`, { type: 'video_progress', ...ref, percent });
        }
      }
    }
    if (s === frame) state = 'playing';
    if (state === 'before' || state === 'ended') {
      from = undefined;
      continue;
    }
    if (STOPS.has(s.state)) {
      const completed = s.state === 'content_completed' || s.state === 'playback_completed';
      if (completed) add(s, 'progress/100', { type: 'video_progress', ...ref, percent: 100 });
      add(s, 'end', { type: 'video_end', ...ref, reason: completed ? 'completed' : 'exited' });
      state = 'ended';
    } else if (s.state === 'paused') {
      add(s, 'pause', { type: 'video_pause', ...ref });
      state = 'paused';
    } else if (s.state === 'resumed') {
      add(s, 'resume', { type: 'video_resume', ...ref });
      state = 'playing';
    } else if (s.state === 'seek_started') {
      state = 'seeking';
      bufferFrom = undefined;
    } else if (s.state === 'seek_completed') {
      // A seek goes from Seek Started's position to this one: without its start there is none.
      if (state === 'seeking') add(s, 'seek', { type: 'video_seek', ...ref });
      state = 'playing';
    } else if (s.state === 'buffer_started' && state !== 'seeking') {
      bufferFrom = s;
      state = 'buffering';
    } else if (s.state === 'buffer_completed' && bufferFrom !== undefined) {
      add(s, 'stall', { type: 'video_stall', ...ref, durationMs: s.at - bufferFrom.at });
      bufferFrom = undefined;
      state = 'playing';
    } else if (s.state === 'playing' || s.state === 'content_started' || s.state === 'playback_started') {
      // A heartbeat ends a pause, not a seek or a buffering.
      if (state === 'paused') state = 'playing';
    }
    from = state === 'playing' && s.position !== undefined ? s : undefined;
  }
  return out;
}
