import type { VideosResponse } from '../../api/types';
import { Chart } from '../../components/Chart';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';

/** Seed's "by widget" donut: each video's share of the range's plays (the rest as "others"). */
export function VideoDonut({ videos, format }: { videos: VideosResponse; format: Format }) {
  const t = useStrings(strings);
  const slices = videos.videos.filter((v) => v.plays > 0).map((v) => ({ name: v.title ?? v.videoId, value: v.plays }));
  if (videos.other && videos.other.plays > 0) slices.push({ name: t.others, value: videos.other.plays });
  if (slices.length === 0) return <p class="muted empty">{t.noPlays}</p>;
  const total = slices.reduce((s, x) => s + x.value, 0);
  const option = {
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (typeof v === 'number' ? format.number(v) : '') },
    legend: { type: 'scroll', bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8 },
    series: [
      {
        type: 'pie',
        radius: ['48%', '72%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        label: { show: false },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        data: slices,
      },
    ],
  };
  const table = {
    caption: t.byWidget,
    columns: [t.video, t.plays, '%'],
    rows: slices.map((s) => [s.name, format.number(s.value), format.percent(s.value / total)]),
  };
  return <Chart option={option} table={table} label={t.byWidget} height={300} />;
}
