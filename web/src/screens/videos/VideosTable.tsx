import { useMemo } from 'preact/hooks';
import type { ProjectMetrics, VideosResponse } from '../../api/types';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormat, type Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';
import { VIDEO_FIGURES, videoRows, type VideoFigure, type VideoRow } from './videoRows';

type Texts = { [K in keyof (typeof strings)['en']]: string };

const DURATIONS = new Set<VideoFigure>(['watchSeconds', 'avgWatchSeconds']);
const RATIOS = new Set<VideoFigure>(['completionRate', 'ctr', 'cvr']);

function cellText(figure: VideoFigure, value: number | null, format: Format, currency: string): string {
  if (value === null) return '–';
  if (RATIOS.has(figure)) return format.percent(value);
  if (DURATIONS.has(figure)) return format.duration(value);
  if (figure === 'conversionValue') return format.money(value, currency);
  return format.number(value);
}

function nameOf(row: VideoRow, t: Texts): string {
  if (row.kind === 'slot') return row.slotId ?? '';
  if (row.kind === 'other') return t.otherVideos;
  if (row.kind === 'total') return t.total;
  return row.title ?? row.videoId ?? '';
}

/** The video × slot table: a video's row opens to its slots; the all-videos row closes the table. */
export function VideosTable({ answer, project, timeZone }: { answer: VideosResponse; project: ProjectMetrics | undefined; timeZone: string }) {
  const t = useStrings(strings);
  const format = useFormat(timeZone);
  const { rows, other, total } = useMemo(() => videoRows(answer, project), [answer, project]);

  const columns: Column<VideoRow>[] = useMemo(
    () => [
      {
        key: 'name',
        label: t.video,
        // A slot's row names its video too, so a CSV line stands on its own.
        value: (r) => (r.kind === 'slot' ? `${r.videoId ?? ''} / ${r.slotId ?? ''}` : nameOf(r, t)),
        render: (r) => (
          <span class={`video-name ${r.kind}`}>
            {r.kind === 'slot' ? <span class="muted">{t.slotOf} </span> : null}
            <span class="video-title">{nameOf(r, t)}</span>
            {r.kind === 'video' && r.title !== null ? <span class="video-id muted">{r.videoId}</span> : null}
          </span>
        ),
      },
      ...VIDEO_FIGURES.map(
        (figure): Column<VideoRow> => ({
          key: figure,
          label: t[figure],
          align: 'end',
          value: (r) => r.figures[figure],
          render: (r) => cellText(figure, r.figures[figure], format, answer.currency),
        }),
      ),
    ],
    [t, format, answer.currency],
  );

  return (
    <div class="videos-table">
      <DataTable
      columns={columns}
      rows={rows}
      footer={[other, total].filter((r) => r !== undefined)}
      rowKey={(r) => r.key}
      caption={t.tableCaption}
      csvName="videos"
      initialSort={{ key: 'plays', descending: true }}
      expand={(r) => (r.slots.length > 0 ? r.slots : undefined)}
      empty={t.noVideos}
      />
    </div>
  );
}
