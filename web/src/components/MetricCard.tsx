import { useStrings } from '../i18n/strings';
import { Sparkline } from './Sparkline';
import { strings } from './strings';

export interface MetricCardProps {
  label: string;
  /** The range's figure, formatted. */
  value: string;
  /** Change against the previous period (its sign picks the colour); null when there is none. */
  change: number | null;
  /** The change as shown: +12 % for counts, +3.2 pp for ratios. */
  changeText: string;
  /** Whether a rise is good news (false for bounces). */
  higherIsBetter?: boolean;
  spark?: { labels: string[]; values: number[]; format: (value: number) => string };
  selected?: boolean;
  /** Makes the card a button choosing this figure for the main chart. */
  onSelect?: () => void;
  /** For tests: the figure's name. */
  metric?: string;
}

/** A header card: figure, change against the previous period, and a sparkline of its days. */
export function MetricCard({ label, value, change, changeText, higherIsBetter = true, spark, selected, onSelect, metric }: MetricCardProps) {
  const t = useStrings(strings);
  const trend = change === null || change === 0 ? 'flat' : change > 0 === higherIsBetter ? 'good' : 'bad';
  const body = (
    <>
      <span class="metric-label">{label}</span>
      <span class="metric-value" data-value>
        {value}
      </span>
      <span class={`metric-change ${trend}`} title={t.vsPrevious}>
        {changeText} <span class="visually-hidden">{t.vsPrevious}</span>
      </span>
      {spark && <Sparkline labels={spark.labels} values={spark.values} format={spark.format} caption={label} height={36} />}
    </>
  );
  return onSelect ? (
    <button type="button" class={`metric-card ${selected === true ? 'selected' : ''}`} aria-pressed={selected === true} onClick={onSelect} data-metric={metric}>
      {body}
    </button>
  ) : (
    <div class="metric-card" data-metric={metric}>
      {body}
    </div>
  );
}
