import { dayNumber, dayString } from './days.js';

/** Inclusive runs of consecutive days, as two parallel lists (SQL `unnest($lo, $hi)`). */
export interface DayRuns {
  from: string[];
  to: string[];
}

/**
 * The days of an inclusive range outside the given months (their first days, `YYYY-MM-01`),
 * as runs of consecutive days: what a range reads from day sets once whole months are read
 * from their merges. Runs let an index on (…, day) seek each stretch instead of scanning the
 * range and filtering day by day.
 */
export function daysOutsideMonths(from: string, to: string, months: readonly string[]): DayRuns {
  const start = dayNumber(from);
  const end = dayNumber(to);
  const runs: DayRuns = { from: [], to: [] };
  if (start === undefined || end === undefined) return runs;
  const skipped = new Set(months.map((month) => month.slice(0, 7)));
  let previous: string | undefined;
  for (let n = start; n <= end; n++) {
    const day = dayString(n);
    if (skipped.has(day.slice(0, 7))) continue;
    if (previous !== undefined && dayNumber(previous) === n - 1) runs.to[runs.to.length - 1] = day;
    else {
      runs.from.push(day);
      runs.to.push(day);
    }
    previous = day;
  }
  return runs;
}
