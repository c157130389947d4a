import { setQuery, useLocation } from '../router/router';
import { isDay, presetRange, PRESETS, type DayRange, type Preset } from './dayRange';

export { addDays, daysIn, presetRange, previousRange, PRESETS, todayIn, type DayRange, type Preset } from './dayRange';

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
  if (isDay(from) && isDay(to) && from <= to) {
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
