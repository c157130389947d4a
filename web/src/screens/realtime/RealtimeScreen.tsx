import { useEffect } from 'preact/hooks';
import type { RealtimeResponse } from '../../api/types';
import { useStats } from '../../api/useStats';
import type { ProjectScreenProps } from '../../app/routes';
import { Card } from '../../components/Card';
import { preloadCharts } from '../../components/Chart';
import { Layout, ScreenHeader } from '../../components/Layout';
import { ErrorNotice, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { PageLink } from '../site/PageLink';
import { MinuteChart } from './MinuteChart';
import { strings } from './strings';
import { TopList } from './TopList';

/** Live figures change every few seconds; the server reads them from Redis on each poll. */
export const REALTIME_POLL_MS = 10_000;

/** The last 30 minutes: who is here now, what happens per minute, and the pages and videos in use. */
export default function RealtimeScreen({ project }: ProjectScreenProps) {
  useEffect(preloadCharts, []);
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const live = useStats<RealtimeResponse>(project, 'realtime', {}, REALTIME_POLL_MS);
  const data = live.data;

  const figures = data && [
    { metric: 'visitors5', label: t.visitorsNow, value: data.active.last5Minutes.visitors },
    { metric: 'visitors30', label: t.visitors30, value: data.active.last30Minutes.visitors },
    { metric: 'sessions5', label: t.sessionsNow, value: data.active.last5Minutes.sessions },
    { metric: 'sessions30', label: t.sessions30, value: data.active.last30Minutes.sessions },
    { metric: 'pageviews', label: t.pageviews30, value: data.totals.pageviews },
    { metric: 'plays', label: t.plays30, value: data.totals.plays },
  ];

  return (
    <Layout project={project} current="realtime">
      <ScreenHeader title={t.title} />
      {live.error && <ErrorNotice error={live.error} onRetry={live.reload} />}
      {!data && live.loading && <Loading />}
      {data && figures && (
        <>
          {data.capped && (
            <p class="notice warning" role="status">
              {data.paused ? t.paused : t.capped}
            </p>
          )}
          <div class="metric-grid" data-testid="realtime-cards">
            {figures.map((f) => (
              // Not MetricCard: a live figure has no previous period to compare with.
              <div class="metric-card" key={f.metric} data-metric={f.metric}>
                <span class="metric-label">{f.label}</span>
                <span class="metric-value" data-value>
                  {format.number(f.value)}
                </span>
              </div>
            ))}
          </div>
          <Card title={t.perMinute}>
            <MinuteChart minutes={data.minutes} format={format} />
          </Card>
          <div class="overview-grid realtime-lists">
            <Card title={t.topPages}>
              <TopList
                testId="realtime-pages"
                format={format}
                empty={t.noPages}
                rows={data.top.pages.map((p) => ({ key: p.url, name: <PageLink url={p.url} />, title: p.url, value: p.pageviews }))}
                other={data.top.pagesOther && { names: data.top.pagesOther.pages, value: data.top.pagesOther.pageviews }}
              />
            </Card>
            <Card title={t.topVideos}>
              <TopList
                testId="realtime-videos"
                format={format}
                empty={t.noVideos}
                rows={data.top.videos.map((v) => ({ key: v.videoId, name: v.title ?? v.videoId, title: v.videoId, value: v.plays }))}
                other={data.top.videosOther && { names: data.top.videosOther.videos, value: data.top.videosOther.plays }}
              />
            </Card>
          </div>
          <p class="muted small" data-testid="realtime-window">
            {fill(t.window, { from: format.time(Date.parse(data.top.from)), to: format.time(Date.parse(data.top.to)) })}
          </p>
        </>
      )}
    </Layout>
  );
}
