import { useMemo } from 'preact/hooks';
import { Chart } from './Chart';
import { CHART_COLORS } from './chart/theme';

export interface SparklineProps {
  /** The x labels, formatted (days). */
  labels: string[];
  values: number[];
  /** The values as text, for the table read by screen readers. */
  format: (value: number) => string;
  /** What the line shows ("Impressions per day"). */
  caption: string;
  color?: string;
  height?: number;
}

/** A small line without axes, for cards and lists; its numbers are in a hidden table like any chart. */
export function Sparkline({ labels, values, format, caption, color = CHART_COLORS[0], height = 40 }: SparklineProps) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: 'category', show: false, data: labels, boundaryGap: false },
      yAxis: { type: 'value', show: false, min: 0 },
      tooltip: { show: false },
      series: [
        {
          type: 'line',
          data: values,
          symbol: 'none',
          smooth: 0.3,
          lineStyle: { width: 2, color },
          areaStyle: { color, opacity: 0.12 },
        },
      ],
    }),
    [labels, values, color],
  );
  const table = { caption, columns: ['', caption], rows: labels.map((l, i) => [l, format(values[i] ?? 0)]) };
  return <Chart option={option} table={table} label={caption} height={height} class="sparkline" priority="low" />;
}
