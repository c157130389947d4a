import { useMemo, useState } from 'preact/hooks';
import type { AudienceRetentionResponse } from '../../api/reportTypes';
import type { SessionProject } from '../../api/types';
import { useStats } from '../../api/useStats';
import { Chart } from '../../components/Chart';
import { AXIS_COLOR, CHART_COLORS, GRID_LINE_COLOR } from '../../components/chart/theme';
import { ErrorNotice, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { strings } from './strings';

type Query = Record<string, string | number | boolean | undefined> & { from: string; to: string; includeBots: boolean };

/** Which video's retention curve is shown: one of the range's videos, the most played first. */
export function AudienceRetention({ project, videos, query }: { project: SessionProject; videos: { videoId: string; title: string | null }[]; query: Query }) {
  const t = useStrings(strings);
  const [chosen, setChosen] = useState<string>();
  const videoId = chosen !== undefined && videos.some((v) => v.videoId === chosen) ? chosen : videos[0]?.videoId;
  if (videoId === undefined) return <p class="muted">{t.noVideos}</p>;
  return (
    <div class="audience-retention">
      <label class="select-label">
        <span>{t.retentionVideo}</span>
        <select value={videoId} onChange={(e) => setChosen(e.currentTarget.value)} data-testid="retention-video">
          {videos.map((v) => (
            <option value={v.videoId} key={v.videoId}>
              {v.title ?? v.videoId}
            </option>
          ))}
        </select>
      </label>
      <RetentionCurve project={project} query={{ ...query, videoId }} />
    </div>
  );
}

/** The share of plays that watched each point of the video, and the ratio with rewatches, as two lines. */
function RetentionCurve({ project, query }: { project: SessionProject; query: Query & { videoId: string } }) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const answer = useStats<AudienceRetentionResponse>(project, 'audience-retention', query);
  const data = answer.data;
  // Percent points when the duration is known, else one point per second.
  const points = useMemo(() => {
    if (!data) return [];
    return data.percent.length > 0 ? data.percent.map((p) => ({ ...p, label: `${p.percent} %` })) : data.seconds.map((p) => ({ ...p, label: `${p.second} s` }));
  }, [data]);
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format.percent(v) : '–') },
      legend: { data: [t.retentionUnique, t.retentionRatio], top: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 4 },
      xAxis: { type: 'category', data: points.map((p) => p.label), boundaryGap: false, axisLine: { lineStyle: { color: AXIS_COLOR } }, axisTick: { show: false } },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => format.percent(v) }, splitLine: { lineStyle: { color: GRID_LINE_COLOR } } },
      series: [
        { name: t.retentionUnique, type: 'line', data: points.map((p) => p.share), symbol: 'none', lineStyle: { width: 2.5, color: CHART_COLORS[0] }, areaStyle: { color: CHART_COLORS[0], opacity: 0.08 } },
        { name: t.retentionRatio, type: 'line', data: points.map((p) => p.ratio), symbol: 'none', lineStyle: { width: 1.5, type: 'dashed', color: CHART_COLORS[1] } },
      ],
    }),
    [points, format, t],
  );
  if (answer.error) return <ErrorNotice error={answer.error} onRetry={answer.reload} />;
  if (!data) return answer.loading ? <Loading /> : null;
  if (data.plays === 0) return <p class="muted">{t.noVideos}</p>;
  const summary = fill(t.retentionSummary, {
    plays: format.number(data.plays),
    duration: data.duration === null ? '–' : `${format.number(data.duration.seconds)} s`,
    dropOff: data.dropOff === null ? '–' : `${format.number(data.dropOff.second)} s`,
  });
  return (
    <>
      <p class="muted small" data-testid="retention-summary">{summary}</p>
      <Chart
        option={option}
        label={t.retentionLabel}
        height={260}
        table={{ caption: t.retentionLabel, columns: ['', t.retentionUnique, t.retentionRatio], rows: points.map((p) => [p.label, format.percent(p.share), format.percent(p.ratio)]) }}
      />
    </>
  );
}
