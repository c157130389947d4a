import type { Rng } from './random.js';
import type { VideoState } from './types.js';

/**
 * What a player instrumented with Segment's Video Spec sends for one playback: Playback Started,
 * Content Started after a startup time, a Content Playing heartbeat every 10 s of wall clock,
 * pauses, seeks back and forward, buffering, and Content + Playback Completed, an exit, an
 * interruption or nothing at the end. Some players run at 1.5x (the position advances faster
 * than the wall clock, so the cap on a counted stretch matters); some leave out Playback Started
 * or Content Started. Every signal of a play has its own instant, so the derivation never has to
 * break a tie. Positions are whole milliseconds of media.
 */
export interface Signal {
  at: number;
  state: VideoState;
  position: number;
  /** Seek Started's target. */
  seekPosition?: number;
}

const SECOND = 1000;
const HEARTBEAT_MS = 10 * SECOND;

const ms = (x: number) => Math.round(x * 1000) / 1000;

export function videoSpecStream(rng: Rng, t0: number, duration: number): Signal[] {
  const out: Signal[] = [];
  let t = t0;
  let pos = 0;
  const send = (state: VideoState, extra: Partial<Signal> = {}) => out.push({ at: t, state, position: ms(pos), ...extra });
  const withRequest = rng.chance(0.88);
  const withContentStart = !withRequest || rng.chance(0.9);
  if (withRequest) send('playback_started');
  if (withContentStart) {
    t += rng.int(80, 2800);
    send('content_started');
  }
  const full = rng.chance(0.4);
  const target = full ? duration : ms(duration * rng.range(0.08, 0.95));
  const speed = rng.chance(0.15) ? 1.5 : 1;
  /** Plays `wallMs` of wall clock from the current instant, at most to the target. */
  const advance = (wallMs: number) => {
    const step = Math.min(ms((wallMs / SECOND) * speed), ms(target - pos));
    t += wallMs;
    pos = ms(pos + step);
  };
  let pauses = 0;
  let seekedBack = false;
  let seekedForward = false;
  for (let guard = 0; pos < target && guard < 200; guard++) {
    advance(HEARTBEAT_MS + rng.int(0, 60));
    send('playing');
    if (pos >= target) break;
    if (rng.chance(0.08)) {
      // Buffering: the media stops, the wall clock runs; a stall once the buffer refills.
      advance(rng.int(500, 3000));
      send('buffer_started');
      t += rng.int(300, 4500);
      send('buffer_completed');
    } else if (pauses < 2 && rng.chance(0.07)) {
      pauses += 1;
      advance(rng.int(500, 3000));
      send('paused');
      t += rng.int(5 * SECOND, 10 * 60 * SECOND);
      send('resumed');
    } else if (!seekedBack && pos > duration * 0.55 && rng.chance(0.2)) {
      seekedBack = true;
      seek(ms(duration * 0.1));
    } else if (!seekedForward && pos > duration * 0.05 && pos < duration * 0.4 && rng.chance(0.12)) {
      seekedForward = true;
      seek(ms(Math.min(duration * 0.8, target)));
    }
  }
  t += rng.int(200, 3000);
  if (full) {
    pos = duration;
    send('content_completed');
    t += rng.int(1, 40);
    send('playback_completed');
  } else if (rng.chance(0.6)) {
    send('exited');
  } else if (rng.chance(0.25)) {
    send('interrupted');
  }
  return out;

  function seek(to: number): void {
    advance(rng.int(300, 2000));
    send('seek_started', { seekPosition: to });
    t += rng.int(150, 900);
    pos = to;
    send('seek_completed');
  }
}
