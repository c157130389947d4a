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

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(epochMs: number, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f.format(epochMs);
}
