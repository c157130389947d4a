import { MAX_WATCH_CURVE_SECONDS } from '../../../shared/rollup/watchCurve.js';
import type { PercentPoint, WatchPoint } from '../videoSchemas.js';

/**
 * The arithmetic of the audience-retention answer, apart from its queries: per-second counts
 * summed over the range's days become shares of the range's plays (ratios of range sums), the
 * percent points sample them, and the drop-off is read from them.
 */

export interface CurveCounts {
  plays: number;
  /** Element s: plays that watched second s, summed over the range's days. */
  watched: readonly number[];
  /** Element s: played ranges covering second s, rewatches included. */
  views: readonly number[];
}


const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Adds per-day arrays of different lengths element by element (a missing element is 0). */
export function sumArrays(arrays: readonly (readonly number[])[]): number[] {
  const sum: number[] = [];
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) sum[i] = (sum[i] ?? 0) + (a[i] ?? 0);
  }
  return sum;
}

/** One point per second, through the last counted second or the duration's last, whichever is later. */
export function watchPoints(counts: CurveCounts, durationSeconds: number | null): WatchPoint[] {
  const durationLength = durationSeconds === null ? 0 : Math.ceil(durationSeconds);
  const length = Math.min(MAX_WATCH_CURVE_SECONDS, Math.max(counts.watched.length, counts.views.length, durationLength));
  const points: WatchPoint[] = [];
  for (let s = 0; s < length; s++) points.push(point(counts, s));
  return points;
}

/** 101 points at 0 … 100 % of the duration; none without a duration. */
export function percentPoints(counts: CurveCounts, durationSeconds: number | null): PercentPoint[] {
  if (durationSeconds === null || !(durationSeconds > 0)) return [];
  const last = Math.min(Math.ceil(durationSeconds), MAX_WATCH_CURVE_SECONDS) - 1;
  const points: PercentPoint[] = [];
  for (let percent = 0; percent <= 100; percent++) {
    const second = Math.min(Math.floor((percent * durationSeconds) / 100), last);
    points.push({ percent, ...point(counts, second) });
  }
  return points;
}

/** The first listed second that at most half the plays watched; null without plays or such a second. */
export function dropOff(points: readonly WatchPoint[]): { second: number; share: number } | null {
  for (const p of points) if (p.share !== null && p.share <= 0.5) return { second: p.second, share: p.share };
  return null;
}

/** The duration reported most often; ties go to the longer, since a short report is more often a truncated one. */
export function commonestDuration(reports: readonly { seconds: number; count: number }[]): number | null {
  let best: { seconds: number; count: number } | null = null;
  for (const r of reports) {
    if (r.count <= 0) continue;
    if (best === null || r.count > best.count || (r.count === best.count && r.seconds > best.seconds)) best = r;
  }
  return best?.seconds ?? null;
}

function point(counts: CurveCounts, second: number): WatchPoint {
  const watched = counts.watched[second] ?? 0;
  const views = counts.views[second] ?? 0;
  return { second, watched, views, share: ratio(watched, counts.plays), ratio: ratio(views, counts.plays) };
}
