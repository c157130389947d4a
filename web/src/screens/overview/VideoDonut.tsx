import { useMemo } from 'preact/hooks';
import type { VideosResponse } from '../../api/types';
import { Chart } from '../../components/Chart';
import { CHART_COLORS } from '../../components/chart/theme';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';

/** Seed's "by widget" donut: each video's share of the range's plays (the rest as "others"), with a text legend. */
export function VideoDonut({ videos, format }: { videos: VideosResponse; format: Format }) {
  const t = useStrings(strings);
  const slices = useMemo(() => {
    const list = videos.videos.filter((v) => v.plays > 0).map((v) => ({ name: v.title ?? v.videoId, value: v.plays }));
    if (videos.other && videos.other.plays > 0) list.push({ name: t.others, value: videos.other.plays });
    return list;
  }, [videos, t]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (typeof v === 'number' ? format.number(v) : '') },
      legend: { show: false },
      series: [
        {
          type: 'pie',
          radius: ['52%', '78%'],
          avoidLabelOverlap: true,
          label: { show: false },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          data: slices,
        },
      ],
    }),
    [slices, format],
  );
  if (slices.length === 0) return <p class="muted empty">{t.noPlays}</p>;
  const total = slices.reduce((s, x) => s + x.value, 0);
  const table = {
    caption: t.byWidget,
    columns: [t.video, t.plays, '%'],
    rows: slices.map((s) => [s.name, format.number(s.value), format.percent(s.value / total)]),
  };
  return (
    <>
      <Chart option={option} table={table} label={t.byWidget} height={200} />
      <ul class="legend-list" aria-hidden="true">
        {slices.map((s, i) => (
          <li key={`${i}-${s.name}`}>
            <span class="legend-dot" style={{ background: CHART_COLORS[i % CHART_COLORS.length] }} />
            <span class="legend-name" title={s.name}>
              {s.name}
            </span>
            <span class="legend-value">
              {format.number(s.value)} · {format.percent(s.value / total)}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
