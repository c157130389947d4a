const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zones already accepted; bounded by the IANA list, since only valid names are kept. */
const validZones = new Set<string>();

/** Every job's project zone is checked, and building a DateTimeFormat to do it is not cheap. */
export function isValidTimeZone(tz: string): boolean {
  if (validZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return false;
  }
  if (tz.length === 0 || tz.length > 64) return false;
  validZones.add(tz);
  return true;
}

/**
 * Local days never change inside a quarter hour of UTC wherever offsets are whole quarter hours,
 * as every zone's are today, so the day of each quarter hour is remembered per zone (at most
 * QUARTERS_KEPT of them): formatting every event's day through Intl was a tenth of the worker's
 * CPU. A quarter hour is remembered only when its first and last millisecond fall on the same
 * day, so an odd historical offset is still answered exactly, by Intl each time.
 */
const QUARTER_HOUR_MS = 900_000;
const QUARTERS_KEPT = 256;
const quarterDays = new Map<string, Map<number, string | null>>();

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(epochMs: number, tz: string): string {
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
  let days = quarterDays.get(tz);
  const known = days?.get(quarter);
  if (known) return known;
  const day = formatDay(epochMs, tz);
  if (known === null || !Number.isFinite(quarter)) return day;
  const start = quarter * QUARTER_HOUR_MS;
  const whole = formatDay(start, tz) === day && formatDay(start + QUARTER_HOUR_MS - 1, tz) === day;
  if (!days) quarterDays.set(tz, (days = new Map<number, string | null>()));
  if (days.size >= QUARTERS_KEPT) days.clear();
  days.set(quarter, whole ? day : null);
  return day;
}

function formatDay(epochMs: number, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f.format(epochMs);
}
