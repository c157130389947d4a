/**
 * One bound video's play, milestones and watch seconds, as a pure state machine fed with the
 * media element's events and positions (docs/architecture.md, "Identity and definitions":
 * play, progress, watch seconds). The browser layer turns what it returns into events.
 */
export type PlaybackEmit =
  | { kind: 'play'; playId: string; duration?: number }
  | { kind: 'progress'; playId: string; percent: 25 | 50 | 75 | 100 }
  | { kind: 'time'; playId: string; seconds: number; from?: number; to?: number };

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

  constructor(private readonly newId: () => string) {}

  /** `playing`: playback actually started. A new play unless one is under way and not ended; it carries a known duration. */
  playing(t: number, duration = NaN): PlaybackEmit[] {
    const out: PlaybackEmit[] = [];
    if (this.playId === undefined || this.ended) {
      out.push(...this.flush());
      this.playId = this.newId();
      this.ended = false;
      this.reached.clear();
      out.push(duration > 0 && duration <= 86_400 ? { kind: 'play', playId: this.playId, duration } : { kind: 'play', playId: this.playId });
    }
    this.last = t;
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

  /** `seeking`: stop measuring; `playing` or `seeked` sets a new baseline. */
  seeking(): void {
    this.last = undefined;
  }

  /** `seeked`: measuring resumes from the new position if the media is playing. */
  seeked(t: number, paused: boolean): void {
    if (!paused && this.playId !== undefined && !this.ended) this.last = t;
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
      out.push(...this.flush());
      this.ended = true;
    }
    this.last = undefined;
    return out;
  }

  /** Heartbeat and page hide: counts up to `t` if playing, then sends the watch seconds. */
  tick(t: number, duration: number, seeking = false): PlaybackEmit[] {
    return [...this.sample(t, duration, seeking), ...this.flush()];
  }

  /** The element now shows another video or slot: what is pending is sent, the next start is a new play. */
  reset(): PlaybackEmit[] {
    const out = this.flush();
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
