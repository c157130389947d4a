import { useMemo } from 'preact/hooks';
import type { SiteFigures, SiteResponse } from '../../api/reportTypes';
import { Card } from '../../components/Card';
import { Chart } from '../../components/Chart';
import { MetricCard } from '../../components/MetricCard';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { setQuery } from '../../router/router';
import { figureText } from './figureColumns';
import { strings } from './strings';

/** The site figures shown as cards, in order; the selected one is drawn over time. */
export const TREND_FIGURES = ['visitors', 'sessions', 'pageviews', 'bounceRate', 'avgSessionSeconds', 'pagesPerSession'] as const satisfies readonly (keyof SiteFigures)[];
export type TrendFigure = (typeof TREND_FIGURES)[number];

const LOWER_IS_BETTER = new Set<TrendFigure>(['bounceRate']);

/** The change against the previous period: the bounce rate in percentage points, the other figures relative to before. */
function changeOf(figure: TrendFigure, now: number | null, before: number | null | undefined, format: Format): { change: number | null; text: string } {
  if (now === null || before === null || before === undefined) return { change: null, text: format.change(null) };
  if (figure === 'bounceRate') return { change: now - before, text: format.pointsChange(now - before) };
  const change = before === 0 ? null : (now - before) / before;
  return { change, text: format.change(change) };
}

/** Label of one series entry: its day, or its local day and hour (the answer's hour is local time with its offset). */
function pointLabel(point: SiteResponse['series'][number], format: Format): string {
  if ('hour' in point) return `${format.shortDay(point.hour.slice(0, 10))} ${point.hour.slice(11, 16)}`;
  return format.shortDay(point.date);
}

export interface SiteTrendProps {
  /** By day: the cards' figures and sparklines. */
  days: SiteResponse;
  /** By the chosen interval, for the chart; undefined while it loads. */
  series: SiteResponse | undefined;
  previous: SiteFigures | undefined;
  metric: TrendFigure;
  format: Format;
}

/** Header cards of the site figures (with the change against the previous period) and the chosen one over time. */
export function SiteTrend({ days, series, previous, metric, format }: SiteTrendProps) {
  const t = useStrings(strings);
  const dayLabels = useMemo(() => days.series.map((p) => pointLabel(p, format)), [days, format]);
  const values = (figure: TrendFigure) => days.series.map((p) => p[figure] ?? 0);
  // The chart shows the chosen interval once it has arrived, the days meanwhile.
  const answer = series ?? days;
  const labels = useMemo(() => answer.series.map((p) => pointLabel(p, format)), [answer, format]);
  const hourly = answer.interval === 'hour';

  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? figureText(metric, v, format) : '–') },
      xAxis: { type: 'category', data: labels, boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => figureText(metric, v, format) } },
      series: [{ type: 'line', name: t[metric], data: answer.series.map((p) => p[metric] ?? 0), smooth: !hourly, showSymbol: false, areaStyle: { opacity: 0.08 } }],
    }),
    [answer, labels, hourly, metric, format, t],
  );

  return (
    <>
      <div class="metric-grid site-cards" role="group" aria-label={t.metric} data-testid="site-cards">
        {TREND_FIGURES.map((figure) => {
          const shift = changeOf(figure, days.totals[figure], previous?.[figure], format);
          return (
            <MetricCard
              key={figure}
              metric={figure}
              label={t[figure]}
              value={figureText(figure, days.totals[figure], format)}
              change={shift.change}
              changeText={shift.text}
              higherIsBetter={!LOWER_IS_BETTER.has(figure)}
              spark={{ labels: dayLabels, values: values(figure), format: (v) => figureText(figure, v, format) }}
              selected={figure === metric}
              onSelect={() => setQuery({ metric: figure === 'visitors' ? undefined : figure })}
            />
          );
        })}
      </div>
      <Card
        title={t[metric]}
        class="site-trend"
        actions={
          <div class="segmented" role="group" aria-label={t.interval}>
            <button type="button" aria-pressed={answer.interval === 'day'} onClick={() => setQuery({ interval: undefined })}>
              {t.byDay}
            </button>
            <button type="button" aria-pressed={answer.interval === 'hour'} onClick={() => setQuery({ interval: 'hour' })}>
              {t.byHour}
            </button>
          </div>
        }
      >
        <Chart
          option={option}
          label={`${t[metric]}, ${t.overTime}`}
          table={{
            caption: `${t[metric]}, ${t.overTime}`,
            columns: [answer.interval === 'hour' ? t.hour : t.date, t[metric]],
            rows: answer.series.map((p, i) => [labels[i] ?? '', figureText(metric, p[metric], format)]),
          }}
        />
      </Card>
    </>
  );
}
