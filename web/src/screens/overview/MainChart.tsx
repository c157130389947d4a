import { useMemo } from 'preact/hooks';
import type { OverviewResponse } from '../../api/types';
import { Chart } from '../../components/Chart';
import { AXIS_COLOR, CHART_COLORS, GRID_LINE_COLOR } from '../../components/chart/theme';
import type { Format } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { formatMetric, metricValue, type CardMetric } from './metrics';
import { strings } from './strings';

export interface MainChartProps {
  metric: CardMetric;
  current: OverviewResponse;
  previous: OverviewResponse | undefined;
  /** Formatted days of the current range, for the axis. */
  days: string[];
  format: Format;
  currency: string;
}

/** The chosen figure per day, with the previous period's days dashed behind it. */
export function MainChart({ metric, current, previous, days, format, currency }: MainChartProps) {
  const t = useStrings(strings);
  const label = fill(t.overTime, { metric: t[metric] });
  const show = (v: number | null) => formatMetric(metric, v, format, currency);
  const values = current.series.map((d) => metricValue(d, metric));
  const prior = previous?.series.map((d) => metricValue(d, metric)) ?? [];
  const isRatio = metric === 'completionRate' || metric === 'cvr';

  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? show(v) : '–') },
      legend: { data: [t.thisPeriod, t.previousPeriod], top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 4 },
      xAxis: { type: 'category', data: days, boundaryGap: false, axisLine: { lineStyle: { color: AXIS_COLOR } }, axisTick: { show: false } },
      yAxis: {
        type: 'value',
        min: 0,
        axisLabel: { formatter: (v: number) => (isRatio ? format.percent(v) : format.compact(v)) },
        splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
      },
      series: [
        {
          name: t.thisPeriod,
          type: 'line',
          data: values,
          smooth: 0.25,
          symbol: 'circle',
          symbolSize: 5,
          showSymbol: values.length <= 31,
          lineStyle: { width: 2.5, color: CHART_COLORS[0] },
          itemStyle: { color: CHART_COLORS[0] },
          areaStyle: { color: CHART_COLORS[0], opacity: 0.08 },
        },
        {
          name: t.previousPeriod,
          type: 'line',
          data: prior,
          smooth: 0.25,
          symbol: 'none',
          lineStyle: { width: 1.5, type: 'dashed', color: AXIS_COLOR },
          itemStyle: { color: AXIS_COLOR },
        },
      ],
    }),
    [metric, current, previous, days, format, currency, t],
  );
  const table = {
    caption: label,
    columns: [t.day, t.thisPeriod, t.previousPeriod],
    rows: current.series.map((d, i) => [format.day(d.date), show(values[i] ?? null), show(prior[i] ?? null)]),
  };
  return <Chart option={option} table={table} label={label} height={300} />;
}
