/**
 * One bound video's play, milestones and watch seconds, as a pure state machine fed with the
 * media element's events and positions (docs/architecture.md, "Identity and definitions":
 * play, progress, watch seconds; "Playback quality": request, startup, stalls, errors, end).
 * Times in ms (`now`) come from the caller's monotonic clock. The browser layer turns what it
 * returns into events.
 */
export type PlaybackEmit =
  | { kind: 'play'; playId: string; startupMs?: number; autoplay?: boolean; duration?: number }
  | { kind: 'progress'; playId: string; percent: 25 | 50 | 75 | 100 }
  | { kind: 'time'; playId: string; seconds: number; from?: number; to?: number }
  | QualityEmit;

/** Playback quality: intent, stalls, seeks, pauses, errors and how the play ended. */
export type QualityEmit =
  | { kind: 'request'; playId: string; autoplay: boolean }
  | { kind: 'stall'; playId: string; durationMs: number }
  | { kind: 'seek'; playId: string; from: number; to: number }
  | { kind: 'pause'; playId: string; position: number }
  | { kind: 'resume'; playId: string; position: number }
  | { kind: 'error'; playId: string; code: string; fatal: boolean }
  | { kind: 'end'; playId: string; reason: 'completed' | 'exited' | 'error' };

/** The contract's bound on startupMs: a longer wait is sent without one (the rollup could not place it). */
const MAX_STARTUP_MS = 600_000;

/** Consecutive samples further apart than this (in media seconds) are a seek, not playback. */
export const MAX_SAMPLE_GAP_S = 1.5;
const MARKS = [25, 50, 75] as const;

export class Playback {
  playId: string | undefined;
  private ended = false;
  private readonly reached = new Set<number>();
  /** Media position of the last sample taken while playing; undefined when not measuring. */
  private last: number | undefined;
  /** Watch seconds not yet sent. */
  private pending = 0;
  /** The contiguous media stretch those seconds were played over; a seek or jump starts another. */
  private stretch: { from: number; to: number } | undefined;
  /** The current play showed its first frame. */
  private started = false;
  private autoplay = false;
  /** When the current play was requested; undefined for a play seen only once playing. */
  private requestAt: number | undefined;
  /** When a stall after the first frame began; undefined when none is under way. */
  private stallAt: number | undefined;
  /** The position a seek left from, while it is under way. */
  private seekFrom: number | undefined;
  private paused = false;
  /** The last known position while playing (a seek's `from`; a pause's position). */
  private pos = 0;

  constructor(private readonly newId: () => string) {}

  /**
   * `playing`: playback actually started. A new play unless one is under way and not ended; the
   * first frame of a requested play carries its startup time and a known duration; otherwise it
   * ends a stall.
   */
  playing(t: number, now = NaN, duration = NaN): PlaybackEmit[] {
    const out: PlaybackEmit[] = [];
    if (this.playId === undefined || this.ended) {
      out.push(...this.flush());
      this.begin();
    }
    const playId = this.playId as string;
    if (!this.started) {
      this.started = true;
      const startupMs = this.requestAt === undefined ? -1 : Math.round(now - this.requestAt);
      const play: PlaybackEmit = startupMs >= 0 && startupMs <= MAX_STARTUP_MS ? { kind: 'play', playId, startupMs, autoplay: this.autoplay } : { kind: 'play', playId };
      if (duration > 0 && duration <= 86_400) play.duration = duration;
      out.push(play);
    } else out.push(...this.stallEnd(now));
    this.paused = false;
    this.last = t;
    this.pos = t;
    return out;
  }

  /** A new play: a new id and nothing reached, started or pending. */
  private begin(): void {
    this.playId = this.newId();
    this.ended = false;
    this.reached.clear();
    this.started = false;
    this.requestAt = undefined;
    this.stallAt = undefined;
    this.seekFrom = undefined;
    this.paused = false;
  }

  /**
   * `play`: play intent (a click, a script or autoplay). Starts a new play and sends its request
   * unless one is under way; on a paused play it is a resume. The first frame comes with `playing`.
   */
  request(now: number, autoplay: boolean): PlaybackEmit[] {
    if (this.playId !== undefined && !this.ended) {
      if (!this.paused) return [];
      this.paused = false;
      return [{ kind: 'resume', playId: this.playId, position: this.pos }];
    }
    const out = this.flush();
    this.begin();
    this.requestAt = now;
    this.autoplay = autoplay;
    return [...out, { kind: 'request', playId: this.playId as string, autoplay }];
  }

  /** `waiting` after the first frame, not during a seek: a stall begins (startup waits are not stalls). */
  waiting(now: number, seeking: boolean): void {
    if (this.started && !this.ended && !seeking && this.seekFrom === undefined && this.stallAt === undefined) this.stallAt = now;
  }

  /** The stall under way, if any, ends now and is sent with its length. */
  private stallEnd(now: number): PlaybackEmit[] {
    const at = this.stallAt;
    this.stallAt = undefined;
    if (at === undefined || this.playId === undefined || !(now >= at)) return [];
    return [{ kind: 'stall', playId: this.playId, durationMs: Math.round(now - at) }];
  }

  /** `pause` (not the one before `ended`): sent with its position; a stall under way ends here. */
  pausedAt(t: number, now: number): PlaybackEmit[] {
    if (this.playId === undefined || this.ended || !this.started || this.paused) return [];
    this.paused = true;
    return [...this.stallEnd(now), { kind: 'pause', playId: this.playId, position: t }];
  }

  /**
   * `error`: a fatal one (the element gave up) ends the play with reason `error` and sends what
   * is pending; a recoverable one is only reported. Errors outside a play are not a play's.
   */
  error(code: string, fatal: boolean, now: number): PlaybackEmit[] {
    if (this.playId === undefined || this.ended) return [];
    const playId = this.playId;
    const out: PlaybackEmit[] = [{ kind: 'error', playId, code, fatal }];
    if (!fatal) return out;
    out.push(...this.stallEnd(now), ...this.flush(), { kind: 'end', playId, reason: 'error' });
    this.ended = true;
    this.last = undefined;
    return out;
  }

  /** Page hide or unbind: a play requested or under way ends as `exited`, after its stall and watch seconds. */
  exit(t: number, duration: number, now: number): PlaybackEmit[] {
    if (this.playId === undefined || this.ended) return [];
    const playId = this.playId;
    const out = [...this.sample(t, duration), ...this.stallEnd(now), ...this.flush(), { kind: 'end', playId, reason: 'exited' } as const];
    this.ended = true;
    this.last = undefined;
    return out;
  }

  /**
   * A position sample while playing (`timeupdate`, a heartbeat). Time between two samples counts
   * when it moves forward by at most 1.5 s and no seek is under way; a milestone fires when such
   * a stretch crosses it, once per play.
   */
  sample(t: number, duration: number, seeking = false): PlaybackEmit[] {
    if (this.last === undefined || this.playId === undefined || this.ended) return [];
    if (seeking) {
      this.last = undefined;
      return [];
    }
    const from = this.last;
    this.last = t;
    this.pos = t;
    const delta = t - from;
    if (!(delta > 0 && delta <= MAX_SAMPLE_GAP_S)) return [];
    // Counted time that does not continue the stretch follows a seek or a jump: the stretch so far
    // goes out first, so one video_time never spans a seek.
    const out: PlaybackEmit[] = this.stretch && this.stretch.to !== from ? this.flush() : [];
    this.pending += delta;
    this.stretch = { from: this.stretch?.from ?? from, to: t };
    if (duration > 0 && Number.isFinite(duration)) {
      for (const percent of MARKS) {
        const mark = (duration * percent) / 100;
        if (!this.reached.has(percent) && from < mark && t >= mark) {
          this.reached.add(percent);
          out.push({ kind: 'progress', playId: this.playId, percent });
        }
      }
    }
    return out;
  }

  /** `seeking`: stop measuring; `playing` or `seeked` sets a new baseline. A stall under way was the seek's. */
  seeking(): void {
    this.last = undefined;
    this.stallAt = undefined;
    if (this.started && !this.ended) this.seekFrom ??= this.pos;
  }

  /** `seeked`: measuring resumes from the new position if the media is playing; the seek is sent. */
  seeked(t: number, paused: boolean): PlaybackEmit[] {
    if (!paused && this.playId !== undefined && !this.ended) this.last = t;
    const from = this.seekFrom;
    this.seekFrom = undefined;
    this.pos = t;
    if (from === undefined || this.playId === undefined || this.ended) return [];
    return [{ kind: 'seek', playId: this.playId, from, to: t }];
  }

  /** `pause`: counts up to the pause position, then sends the watch seconds. */
  pause(t: number, duration: number): PlaybackEmit[] {
    const out = this.sample(t, duration);
    this.last = undefined;
    return [...out, ...this.flush()];
  }

  /** `ended`: 100 % (once per play), the last watch seconds; the next `playing` is a new play. */
  end(t: number, duration: number): PlaybackEmit[] {
    const out = this.sample(t, duration);
    if (this.playId !== undefined && !this.ended) {
      if (!this.reached.has(100)) {
        this.reached.add(100);
        out.push({ kind: 'progress', playId: this.playId, percent: 100 });
      }
      out.push(...this.stallEnd(NaN), ...this.flush(), { kind: 'end', playId: this.playId, reason: 'completed' });
      this.ended = true;
    }
    this.last = undefined;
    return out;
  }

  /** Heartbeat and page hide: counts up to `t` if playing, then sends the watch seconds. */
  tick(t: number, duration: number, seeking = false): PlaybackEmit[] {
    return [...this.sample(t, duration, seeking), ...this.flush()];
  }

  /** The element now shows another video or slot: the play exits, the next start is a new play. */
  reset(t = 0, duration = 0, now = NaN): PlaybackEmit[] {
    const out = [...this.exit(t, duration, now), ...this.flush()];
    this.playId = undefined;
    this.ended = false;
    this.last = undefined;
    return out;
  }

  /** The watch seconds gathered since the last flush and the stretch they cover, rounded to milliseconds. */
  flush(): PlaybackEmit[] {
    const ms = (x: number) => Math.round(x * 1000) / 1000;
    const seconds = ms(this.pending);
    const stretch = this.stretch;
    this.pending = 0;
    this.stretch = undefined;
    if (seconds <= 0 || this.playId === undefined || !stretch) return [];
    return [{ kind: 'time', playId: this.playId, seconds, from: ms(stretch.from), to: ms(stretch.to) }];
  }
}
