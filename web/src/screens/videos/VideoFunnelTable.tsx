import { useMemo } from 'preact/hooks';
import type { VideoFunnelResponse, VideoFunnelStep } from '../../api/reportTypes';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormat } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { funnelStrings } from './funnelStrings';

type StepName = VideoFunnelStep['step'];
const STEPS: readonly StepName[] = ['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100', 'ctaClick', 'conversion'];

interface FunnelRow {
  key: string;
  name: string;
  steps: VideoFunnelStep[];
}

const stepOf = (row: FunnelRow, step: StepName) => row.steps.find((s) => s.step === step);

/** The funnel per (video, slot): each step's count, with its share of the step before under it. */
export function VideoFunnelTable({ answer, titles, timeZone }: { answer: VideoFunnelResponse; titles: ReadonlyMap<string, string>; timeZone: string }) {
  const t = useStrings(funnelStrings);
  const format = useFormat(timeZone);
  const rows = useMemo(
    () => answer.rows.map((r): FunnelRow => ({ key: `f:${r.videoId}:${r.slotId}`, name: `${titles.get(r.videoId) ?? r.videoId} / ${r.slotId}`, steps: r.steps })),
    [answer, titles],
  );
  const footer = useMemo(
    () => [
      ...(answer.other ? [{ key: 'other', name: t.other, steps: answer.other.steps }] : []),
      ...(rows.length > 0 ? [{ key: 'total', name: t.total, steps: answer.total.steps }] : []),
    ],
    [answer, rows.length, t],
  );
  const columns: Column<FunnelRow>[] = useMemo(
    () => [
      { key: 'name', label: t.pair, value: (r) => r.name },
      ...STEPS.map(
        (step): Column<FunnelRow> => ({
          key: step,
          label: t[step],
          align: 'end',
          value: (r) => stepOf(r, step)?.count ?? null,
          render: (r) => {
            const s = stepOf(r, step);
            if (!s) return '–';
            return (
              <span class="funnel-step">
                {format.number(s.count)}
                {step === 'impression' ? null : <span class="muted funnel-share"> {format.percent(s.fromPrevious)}</span>}
              </span>
            );
          },
        }),
      ),
    ],
    [t, format],
  );
  return (
    <div class="video-funnel-table">
      <p class="muted">{t.funnelNote}</p>
      <DataTable columns={columns} rows={rows} footer={footer} rowKey={(r) => r.key} caption={t.funnelCaption} csvName="video-funnel" empty={t.noFunnel} initialSort={{ key: 'play', descending: true }} />
    </div>
  );
}
