import type { BreakdownFigures } from '../../api/reportTypes';
import type { Column } from '../../components/DataTable';
import type { Format } from '../../i18n/format';

/** The figures each breakdown table shows after its value columns, in this order. */
export const BREAKDOWN_FIGURES = [
  'visitors',
  'sessions',
  'pageviews',
  'bounceRate',
  'avgSessionSeconds',
  'pagesPerSession',
  'plays',
  'conversions',
  'cvr',
] as const satisfies readonly (keyof BreakdownFigures)[];
export type BreakdownFigure = (typeof BREAKDOWN_FIGURES)[number];

const PERCENT = new Set<string>(['bounceRate', 'cvr', 'exitRate', 'openRate']);
const DURATION = new Set<string>(['avgSessionSeconds', 'avgTimeOnPageSeconds', 'medianTimeOnPageSeconds']);
const DECIMAL = new Set<string>(['pagesPerSession']);

/** A figure as the tables show it: ratios as percentages, seconds as durations, counts as numbers. */
export function figureText(name: string, value: number | null, format: Format): string {
  if (value === null) return '–';
  if (PERCENT.has(name)) return format.percent(value);
  if (DURATION.has(name)) return format.duration(value);
  if (DECIMAL.has(name)) return format.number(Math.round(value * 100) / 100);
  return format.number(value);
}

/** Right-aligned, sortable columns of figures, the raw value in the CSV. */
export function figureColumns<R, F extends string>(
  names: readonly F[],
  labels: Record<F, string>,
  valueOf: (row: R, name: F) => number | null,
  format: Format,
): Column<R>[] {
  return names.map((name) => ({
    key: name,
    label: labels[name],
    align: 'end',
    value: (row) => valueOf(row, name),
    render: (row) => figureText(name, valueOf(row, name), format),
  }));
}
