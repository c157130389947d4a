import { useStrings } from '../i18n/strings';
import type { RangeState } from './range';
import { strings } from './strings';

/** Counts traffic flagged as bots too (the stats' `includeBots`). */
export function BotsSwitch({ state }: { state: RangeState }) {
  const t = useStrings(strings);
  return (
    <label class="switch">
      <input type="checkbox" role="switch" checked={state.includeBots} onChange={(e) => state.setIncludeBots(e.currentTarget.checked)} />
      <span class="switch-track" aria-hidden="true" />
      <span>{t.includeBots}</span>
    </label>
  );
}
