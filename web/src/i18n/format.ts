import { useMemo } from 'preact/hooks';
import { useLocale, type Locale } from './locale';

/** `Intl` tags of the app's languages. */
const TAGS: Record<Locale, string> = { en: 'en-US', ja: 'ja-JP' };

export interface Format {
  /** 12,345 / 12,345 */
  number: (value: number) => string;
  /** 12.3K / 1.2万 */
  compact: (value: number) => string;
  /** A ratio (0.123) as 12.3 %; a dash for null (no denominator). */
  percent: (ratio: number | null) => string;
  /** A change between periods (0.12 → +12 %); a dash when there was nothing before. */
  change: (ratio: number | null) => string;
  /** A change of a ratio between periods, in percentage points (0.032 → +3.2 pp / +3.2pt). */
  pointsChange: (difference: number | null) => string;
  /** An amount in a currency (ISO 4217). */
  money: (value: number, currency: string) => string;
  /** Seconds as 1:05 or 1:02:05. */
  duration: (seconds: number | null) => string;
  /** A calendar day (YYYY-MM-DD, already in the project's time zone): Dec 6, 2026 / 2026年12月6日. */
  day: (day: string) => string;
  /** A calendar day, short (Dec 6 / 12/6), for chart axes. */
  shortDay: (day: string) => string;
  /** An instant as a date and time in the project's time zone. */
  dateTime: (instant: Date | number) => string;
  /** An instant as a time of day in the project's time zone. */
  time: (instant: Date | number) => string;
  /** An instant as hours and minutes in the project's time zone, without the zone (chart axes): 14:05. */
  clock: (instant: Date | number) => string;
}

/** How each language writes percentage points. */
const POINTS_UNIT: Record<Locale, string> = { en: ' pp', ja: 'pt' };

/**
 * Numbers and dates in the chosen language and in the project's time zone (days are the
 * project's calendar days; instants are shown as its wall clock, never the browser's).
 */
export function formatFor(locale: Locale, timeZone: string): Format {
  const tag = TAGS[locale];
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const change = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const points = new Intl.NumberFormat(tag, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  // Days are already local to the project: formatting them at UTC midnight in UTC keeps the date.
  const day = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat(tag, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone });
  const clock = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const money = new Map<string, Intl.NumberFormat>();
  const dayDate = (d: string) => new Date(`${d}T00:00:00Z`);
  return {
    number: (v) => (Number.isInteger(v) ? integer : decimal).format(v),
    compact: (v) => (Math.abs(v) < 10000 ? integer.format(v) : compact.format(v)),
    percent: (r) => (r === null ? '–' : percent.format(r)),
    change: (r) => (r === null || !Number.isFinite(r) ? '–' : change.format(r)),
    pointsChange: (d) => (d === null || !Number.isFinite(d) ? '–' : `${points.format(d * 100)}${POINTS_UNIT[locale]}`),
    money(v, currency) {
      let f = money.get(currency);
      if (!f) {
        try {
          f = new Intl.NumberFormat(tag, { style: 'currency', currency });
        } catch {
          f = decimal;
        }
        money.set(currency, f);
      }
      return f.format(v);
    },
    duration(seconds) {
      if (seconds === null || !Number.isFinite(seconds)) return '–';
      const s = Math.round(seconds);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const pad = (n: number) => String(n).padStart(2, '0');
      return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
    },
    day: (d) => day.format(dayDate(d)),
    shortDay: (d) => shortDay.format(dayDate(d)),
    dateTime: (i) => dateTime.format(i),
    time: (i) => time.format(i),
    clock: (i) => clock.format(i),
  };
}

/** The formatter of the chosen language in a project's time zone. */
export function useFormat(timeZone: string): Format {
  const { locale } = useLocale();
  return useMemo(() => formatFor(locale, timeZone), [locale, timeZone]);
}
