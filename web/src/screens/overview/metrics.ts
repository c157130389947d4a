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
