import { useEffect, useMemo, useState } from 'preact/hooks';
import type { OverviewResponse, VideosResponse } from '../../api/types';
import { useStats } from '../../api/useStats';
import type { ProjectScreenProps } from '../../app/routes';
import { BotsSwitch } from '../../components/BotsSwitch';
import { Card } from '../../components/Card';
import { preloadCharts } from '../../components/Chart';
import { Layout, ScreenHeader } from '../../components/Layout';
import { MetricCard } from '../../components/MetricCard';
import { previousRange, useRange } from '../../components/range';
import { RangePicker } from '../../components/RangePicker';
import { ErrorNotice, FreshnessLine, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { CARD_METRICS, formatMetric, metricValue, metricChange, type CardMetric } from './metrics';
import { MainChart } from './MainChart';
import { strings } from './strings';
import { VideoDonut } from './VideoDonut';

export default function OverviewScreen({ project }: ProjectScreenProps) {
  useEffect(preloadCharts, []);
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const range = useRange(project.timezone);
  const previous = previousRange(range.range);
  const bots = range.includeBots ? 'true' : undefined;
  const current = useStats<OverviewResponse>(project, 'overview', { ...range.range, includeBots: bots });
  const before = useStats<OverviewResponse>(project, 'overview', { ...previous, includeBots: bots });
  const videos = useStats<VideosResponse>(project, 'videos', { ...range.range, includeBots: bots, limit: 8 });
  const [chosen, setChosen] = useState<CardMetric>('impressions');

  const data = current.data;
  const currency = data?.currency ?? project.currency;
  const days = useMemo(() => data?.series.map((d) => format.shortDay(d.date)) ?? [], [data, format]);

  return (
    <Layout project={project} current="overview">
      <ScreenHeader title={project.name}>
        <RangePicker state={range} />
        <BotsSwitch state={range} />
      </ScreenHeader>
      {current.error && <ErrorNotice error={current.error} onRetry={current.reload} />}
      {!data && current.loading && <Loading />}
      {data && (
        <>
          <div class="metric-grid" data-testid="overview-cards">
            {CARD_METRICS.map((metric) => {
              const value = metricValue(data.totals, metric);
              const prior = before.data ? metricValue(before.data.totals, metric) : null;
              const show = (v: number) => formatMetric(metric, v, format, currency);
              const shift = metricChange(metric, value, prior, format);
              return (
                <MetricCard
                  key={metric}
                  metric={metric}
                  label={t[metric]}
                  value={formatMetric(metric, value, format, currency)}
                  change={shift.change}
                  changeText={shift.text}
                  spark={{ labels: days, values: data.series.map((d) => metricValue(d, metric) ?? 0), format: show }}
                  selected={chosen === metric}
                  onSelect={() => setChosen(metric)}
                />
              );
            })}
          </div>
          {Object.keys(data.totals.otherCurrencies).length > 0 && (
            <p class="muted small">
              {fill(t.otherCurrencies, {
                values: Object.entries(data.totals.otherCurrencies)
                  .map(([code, v]) => format.money(v, code))
                  .join(', '),
              })}
            </p>
          )}
          <div class="overview-grid">
            <Card title={fill(t.overTime, { metric: t[chosen] })} class="main-chart">
              <MainChart metric={chosen} current={data} previous={before.data} days={days} format={format} currency={currency} />
            </Card>
            <Card title={t.byWidget}>
              {videos.data ? <VideoDonut videos={videos.data} format={format} /> : videos.error ? <ErrorNotice error={videos.error} /> : <Loading />}
            </Card>
          </div>
          <FreshnessLine timeZone={project.timezone} rolledUpAt={current.rolledAt} checkedAt={current.checkedAt} />
        </>
      )}
    </Layout>
  );
}
