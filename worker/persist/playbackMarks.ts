import { LIMITS } from '../../shared/events/limits.js';
import { localDay } from '../../shared/timezone.js';
import type { DayMark, FactInput } from './facts.js';

/**
 * The days before their own that playback events change (docs/architecture.md, "Playback
 * quality"). A view counts on the day of its request, and its outcome is read up to
 * LIMITS.maxStartupMs past that day's end, so a first frame or a fatal error shortly after
 * midnight re-marks the day before when its request may lie there: a first frame when its own
 * startupMs reaches back across midnight, a fatal error (which carries no such clue, and is rare)
 * whenever it lies within that window after midnight. Pure: no I/O.
 */
export function playbackMarks(items: readonly FactInput[]): DayMark[] {
  const marks: DayMark[] = [];
  for (const { row, timezone } of items) {
    let reach: number | null = null;
    if (row.type === 'video_play' && row.startup_ms !== null) reach = row.startup_ms;
    else if (row.type === 'video_error' && row.fatal === true) reach = LIMITS.maxStartupMs;
    if (reach === null || reach === 0) continue;
    const at = row.occurred_at.getTime();
    const own = localDay(at, timezone);
    const earlier = localDay(at - reach, timezone);
    if (earlier !== own) marks.push({ projectId: row.project_id, day: earlier });
  }
  return marks;
}
