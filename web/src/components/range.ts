import { useLocation, setQuery } from '../router/router';

/** The range choices offered everywhere; all are calendar days of the project's time zone. */
export const PRESETS = ['today', 'yesterday', '7d', '30d', 'month', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A day moved by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days in a range, both ends included. */
export function daysIn(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The days a preset stands for, today being today in the project's time zone. */
export function presetRange(preset: Exclude<Preset, 'custom'>, timeZone: string, now = Date.now()): DayRange {
  const today = todayIn(timeZone, now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** The period of the same length just before a range, for "change against the previous period". */
export function previousRange(range: DayRange): DayRange {
  const days = daysIn(range);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

export interface RangeState {
  preset: Preset;
  range: DayRange;
  includeBots: boolean;
  setPreset: (preset: Exclude<Preset, 'custom'>) => void;
  setCustom: (range: DayRange) => void;
  setIncludeBots: (include: boolean) => void;
}

/**
 * The range and bots switch of a screen, kept in the URL (`?range=30d`, `?from=…&to=…`,
 * `&bots=1`) so a reload, a link or the back button shows the same figures. Default: 7 days.
 */
export function useRange(timeZone: string): RangeState {
  const { query } = useLocation();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const named = query.get('range');
  let preset: Preset = PRESETS.includes(named as Preset) && named !== 'custom' ? (named as Preset) : '7d';
  let range: DayRange;
  if (DAY.test(from) && DAY.test(to) && from <= to) {
    preset = 'custom';
    range = { from, to };
  } else {
    range = presetRange(preset as Exclude<Preset, 'custom'>, timeZone);
  }
  return {
    preset,
    range,
    includeBots: query.get('bots') === '1',
    setPreset: (p) => setQuery({ range: p === '7d' ? undefined : p, from: undefined, to: undefined }),
    setCustom: (r) => setQuery({ range: undefined, from: r.from, to: r.to }),
    setIncludeBots: (include) => setQuery({ bots: include ? '1' : undefined }),
  };
}
