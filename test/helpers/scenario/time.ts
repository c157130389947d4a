/**
 * Calendar arithmetic in a project's time zone, done with Intl only (independent of the
 * SQL, which uses PostgreSQL's `at time zone`).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, tz: string): WallClock {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(ms)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Local wall-clock time minus UTC at an instant, in milliseconds. */
export function utcOffset(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const w = wallClock(whole, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Calendar arithmetic on YYYY-MM-DD strings (no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parseDay(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The instant at which the local wall clock of `day` shows `secondsOfDay` after midnight.
 * In a repeated hour the earlier instant is returned; in a skipped hour, the one after it.
 */
export function localInstant(day: string, secondsOfDay: number, tz: string): number {
  const [y, m, d] = parseDay(day);
  const wall = Date.UTC(y, m - 1, d) + Math.round(secondsOfDay * 1000);
  // |offset| <= 14 h, so the wanted instant lies within wall +- 14 h; the offsets 30 h either side
  // are those before and after any single transition in between.
  const offBefore = utcOffset(wall - 30 * 3600_000, tz);
  const offAfter = utcOffset(wall + 30 * 3600_000, tz);
  const exact = [wall - offBefore, wall - offAfter].filter((c) => c + utcOffset(c, tz) === wall).sort((a, b) => a - b);
  // Skipped hour: the first instant after the gap.
  return exact[0] ?? wall - offBefore;
}

/** Local midnight (the first instant) of a day. */
export function startOfDay(day: string, tz: string): number {
  return localInstant(day, 0, tz);
}

/** Instants in [fromMs, toMs) at which the zone's UTC offset changes (DST transitions). */
export function offsetChanges(tz: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  const step = 3600_000;
  const start = Math.floor(fromMs / step) * step;
  let prev = utcOffset(start, tz);
  for (let t = start + step; t < toMs; t += step) {
    const cur = utcOffset(t, tz);
    if (cur !== prev) {
      // Narrow down to the exact minute.
      let lo = t - step;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (utcOffset(mid, tz) === prev) lo = mid;
        else hi = mid;
      }
      out.push(hi);
      prev = cur;
    }
  }
  return out;
}
