import { useMemo } from 'preact/hooks';
import type { PlaybackFigures, PlaybackResponse } from '../../api/reportTypes';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormat } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { playbackStrings } from './playbackStrings';

interface PlaybackRow {
  key: string;
  name: string;
  figures: PlaybackFigures;
}

const FIGURES = ['views', 'startupP50Ms', 'startupP95Ms', 'rebufferCount', 'rebufferPercent', 'exitsBeforeStart', 'exitsBeforeStartPercent', 'startupFailures', 'playbackFailures'] as const;
type Figure = (typeof FIGURES)[number];
const MS = new Set<Figure>(['startupP50Ms', 'startupP95Ms']);
/** The answer's percentages (0–100); the formatter takes ratios. */
const PERCENTS = new Set<Figure>(['rebufferPercent', 'exitsBeforeStartPercent']);

/** Playback quality per (video, slot), the pairs past the answer's limit and all of them. */
export function PlaybackTable({ answer, titles, timeZone }: { answer: PlaybackResponse; titles: ReadonlyMap<string, string>; timeZone: string }) {
  const t = useStrings(playbackStrings);
  const format = useFormat(timeZone);
  const rows = answer.rows.map((r): PlaybackRow => ({ key: `p:${r.videoId}:${r.slotId}`, name: `${titles.get(r.videoId) ?? r.videoId} / ${r.slotId}`, figures: r }));
  const footer = [
    ...(answer.other ? [{ key: 'other', name: t.other, figures: answer.other }] : []),
    { key: 'total', name: t.total, figures: answer.total },
  ];
  const columns: Column<PlaybackRow>[] = useMemo(
    () => [
      { key: 'name', label: t.pair, value: (r) => r.name, render: (r) => <span class="video-title">{r.name}</span> },
      ...FIGURES.map(
        (figure): Column<PlaybackRow> => ({
          key: figure,
          label: t[figure],
          align: 'end',
          value: (r) => r.figures[figure],
          render: (r) => {
            const v = r.figures[figure];
            if (v === null) return '–';
            if (PERCENTS.has(figure)) return format.percent(v / 100);
            if (MS.has(figure)) return `${format.number(v)} ms`;
            return format.number(v);
          },
        }),
      ),
    ],
    [t, format],
  );
  return (
    <div class="playback-table">
      <DataTable columns={columns} rows={rows} footer={footer} rowKey={(r) => r.key} caption={t.caption} csvName="playback" initialSort={{ key: 'views', descending: true }} empty={t.empty} />
      <p class="muted">{t.hint}</p>
    </div>
  );
}
