import type pg from 'pg';
import { mergeMonthSets, rollupDay, type RollupOptions } from '../rollup/rollupDay.js';

export type RerollOptions = Required<Pick<RollupOptions, 'ruleLimits' | 'caps'>>;

/**
 * Recomputes `days` (in order) as `rollup rebuild` does: each day waits for the project's rollup
 * lock rather than giving up, and each month's member sets are merged once, after its last day.
 * `onDay` hears each day done.
 */
export async function rerollDays(pool: pg.Pool, projectId: string, days: readonly string[], options: RerollOptions, onDay: () => Promise<void>): Promise<void> {
  for (const [i, day] of days.entries()) {
    await rollupDay(pool, projectId, day, { ...options, mergeMonth: false, lock: 'wait' });
    const next = days[i + 1];
    if (next === undefined || next.slice(0, 7) !== day.slice(0, 7)) await mergeMonthSets(pool, projectId, `${day.slice(0, 7)}-01`);
    await onDay();
  }
}
