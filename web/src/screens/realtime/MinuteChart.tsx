import { useMemo } from 'preact/hooks';
import type { RealtimeResponse } from '../../api/types';
import { Chart } from '../../components/Chart';
import { AXIS_COLOR, CHART_COLORS, GRID_LINE_COLOR } from '../../components/chart/theme';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';

/** Page views, opens and plays per minute of the window, as grouped bars, oldest at the left. */
export function MinuteChart({ minutes, format }: { minutes: RealtimeResponse['minutes']; format: Format }) {
  const t = useStrings(strings);
  const labels = useMemo(() => minutes.map((m) => format.clock(Date.parse(m.minute))), [minutes, format]);
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { data: [t.pageviews, t.opens, t.plays], top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      xAxis: { type: 'category', data: labels, axisLine: { lineStyle: { color: AXIS_COLOR } }, axisTick: { show: false } },
      yAxis: { type: 'value', min: 0, minInterval: 1, axisLabel: { formatter: (v: number) => format.compact(v) }, splitLine: { lineStyle: { color: GRID_LINE_COLOR } } },
      series: [
        { name: t.pageviews, type: 'bar', data: minutes.map((m) => m.pageviews), itemStyle: { color: CHART_COLORS[0] } },
        { name: t.opens, type: 'bar', data: minutes.map((m) => m.opens), itemStyle: { color: CHART_COLORS[1] } },
        { name: t.plays, type: 'bar', data: minutes.map((m) => m.plays), itemStyle: { color: CHART_COLORS[2] } },
      ],
    }),
    [minutes, labels, format, t],
  );
  const table = {
    caption: t.perMinute,
    columns: [t.minute, t.pageviews, t.opens, t.plays],
    rows: minutes.map((m, i) => [labels[i] ?? '', format.number(m.pageviews), format.number(m.opens), format.number(m.plays)]),
  };
  return <Chart option={option} table={table} label={t.perMinute} height={260} />;
}
