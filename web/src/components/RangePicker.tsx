import { useEffect, useState } from 'preact/hooks';
import { useStrings } from '../i18n/strings';
import { PRESETS, type Preset, type RangeState } from './range';
import { strings } from './strings';

/**
 * Today, yesterday, 7 d, 30 d, this month or custom days, all in the project's time zone.
 * The choice lives in the URL (see useRange), so it is shared by the screens of a project.
 */
export function RangePicker({ state }: { state: RangeState }) {
  const t = useStrings(strings);
  const labels: Record<Preset, string> = {
    today: t.today,
    yesterday: t.yesterday,
    '7d': t.last7,
    '30d': t.last30,
    month: t.thisMonth,
    custom: t.custom,
  };
  const [custom, setCustom] = useState(state.preset === 'custom');
  const [from, setFrom] = useState(state.range.from);
  const [to, setTo] = useState(state.range.to);
  useEffect(() => {
    setFrom(state.range.from);
    setTo(state.range.to);
  }, [state.range.from, state.range.to]);

  const onPreset = (value: string) => {
    if (value === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    state.setPreset(value as Exclude<Preset, 'custom'>);
  };
  const onApply = (event: Event) => {
    event.preventDefault();
    if (from && to && from <= to) state.setCustom({ from, to });
  };

  return (
    <div class="range-picker">
      <label class="select-label">
        <span class="visually-hidden">{t.range}</span>
        <select value={custom ? 'custom' : state.preset} onChange={(e) => onPreset(e.currentTarget.value)}>
          {PRESETS.map((p) => (
            <option value={p} key={p}>
              {labels[p]}
            </option>
          ))}
        </select>
      </label>
      {custom && (
        <form class="custom-range" onSubmit={onApply}>
          <label>
            <span class="visually-hidden">{t.from}</span>
            <input type="date" value={from} max={to} required onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span class="visually-hidden">{t.to}</span>
            <input type="date" value={to} min={from} required onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button small">
            {t.apply}
          </button>
        </form>
      )}
    </div>
  );
}
