/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. A project's days are local calendar days,
 * so a range is a list of dates, never of instants: a DST day is one day like any other.
 */

const MS_PER_DAY = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`; undefined for anything else (2025-02-30 too). */
export function dayNumber(day: string): number | undefined {
  const match = DAY_PATTERN.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  d.setUTCFullYear(year, month - 1, date);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return undefined;
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** The `YYYY-MM-DD` of a day number (years 0000-9999). */
export function dayString(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  const month = String(d.getUTCMonth() + 1).padStart(2, '0');
  const date = String(d.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${date}`;
}

/** Every day from `from` to `to`, both included; empty when either is invalid or from > to. */
export function daysBetween(from: string, to: string): string[] {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (start === undefined || end === undefined) return [];
  const days: string[] = [];
  for (let n = start; n <= end; n++) days.push(dayString(n));
  return days;
}

/** Number of days in the inclusive range; 0 when from > to. */
export function dayCount(from: string, to: string): number {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (start === undefined || end === undefined) return 0;
  return Math.max(0, end - start + 1);
}
