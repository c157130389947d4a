import type { ProjectMetrics } from '../../api/types';
import type { Format } from '../../i18n/format';

/** The header cards, in order: each a figure of the overview answer and how to show it. */
export const CARD_METRICS = [
  'impressions',
  'opens',
  'openers',
  'plays',
  'viewers',
  'completionRate',
  'ctaClicks',
  'conversions',
  'cvr',
  'conversionValue',
  'interactions',
] as const satisfies readonly (keyof ProjectMetrics)[];

export type CardMetric = (typeof CARD_METRICS)[number];

const RATIOS: ReadonlySet<CardMetric> = new Set(['completionRate', 'cvr']);

/**
 * A figure's change against the previous period, formatted: counts and amounts as a relative
 * change (+12 %), ratios as a difference in percentage points, since "+210 %" of a 6 % rate
 * reads as a far bigger move than the 12.6 points it is.
 */
export function metricChange(metric: CardMetric, current: number | null, previous: number | null, format: Format): { change: number | null; text: string } {
  if (RATIOS.has(metric)) {
    const change = current === null || previous === null ? null : current - previous;
    return { change, text: format.pointsChange(change) };
  }
  const change = relativeChange(current, previous);
  return { change, text: format.change(change) };
}

/** A figure as shown on its card. */
export function formatMetric(metric: CardMetric, value: number | null, format: Format, currency: string): string {
  if (RATIOS.has(metric)) return format.percent(value);
  if (value === null) return '–';
  if (metric === 'conversionValue') return format.money(value, currency);
  return format.number(value);
}

/** The value of a figure; ratios are null over a zero denominator. */
export function metricValue(figures: ProjectMetrics, metric: CardMetric): number | null {
  return figures[metric];
}

/** Relative change from the previous period; null when there is nothing to compare with. */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}
