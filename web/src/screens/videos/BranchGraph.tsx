import { useMemo } from 'preact/hooks';
import type { TransitionsResponse } from '../../api/reportTypes';
import { Chart } from '../../components/Chart';
import { DataTable, type Column } from '../../components/DataTable';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { branchGraphOption, COLUMN_GAP, ROW_GAP } from './branchGraphOption';
import { placeSlots, withCatalogLinks, type PlacedSlot, type Transition } from './branchLayout';
import { strings } from './strings';

/**
 * The canvas height that shows the laid-out slots at the width the screen has: the graph keeps
 * its proportions, so a wide layout on a phone needs less height, a tall one on a desktop more.
 */
function graphHeight(placed: readonly PlacedSlot[]): number {
  const columns = placed.reduce((m, p) => Math.max(m, p.column), 0);
  const rows = placed.reduce((m, p) => Math.max(m, p.row), 0);
  const width = Math.min(window.innerWidth, 1240) - 140;
  const drawn = columns === 0 ? rows * 90 : (width * rows * ROW_GAP) / (columns * COLUMN_GAP);
  return Math.round(Math.min(560, Math.max(220, 120 + drawn)));
}

interface TransitionRow extends Transition {
  fromVideo: string;
}

/**
 * Slot → slot branch choices: a directed graph whose arrows carry their counts, then the same
 * choices as a sortable table (which is also what a screen reader reads instead of the canvas).
 */
export function BranchGraph({ answer, videoOfSlot, timeZone }: { answer: TransitionsResponse; videoOfSlot: ReadonlyMap<string, string>; timeZone: string }) {
  const t = useStrings(strings);
  const format = useFormat(timeZone);
  const transitions = useMemo(() => withCatalogLinks(answer.transitions, answer.links), [answer]);

  const option = useMemo(
    () =>
      branchGraphOption(transitions, {
        slot: t.slot,
        video: t.fromVideo,
        choices: t.choices,
        videoOfSlot: (slotId) => videoOfSlot.get(slotId),
        unknownVideo: t.unknownVideo,
        formatNumber: format.number,
      }),
    [transitions, videoOfSlot, t, format],
  );
  const height = useMemo(() => graphHeight(placeSlots(transitions)), [transitions]);

  const tableRows: TransitionRow[] = transitions.map((tr) => ({ ...tr, fromVideo: videoOfSlot.get(tr.fromSlotId) ?? t.unknownVideo }));
  const columns: Column<TransitionRow>[] = [
    { key: 'from', label: t.from, value: (r) => r.fromSlotId },
    { key: 'to', label: t.to, value: (r) => r.toSlotId },
    { key: 'count', label: t.choices, align: 'end', value: (r) => r.count, render: (r) => format.number(r.count) },
    { key: 'video', label: t.fromVideo, value: (r) => r.fromVideo },
  ];

  if (transitions.length === 0) return <p class="muted">{t.noTransitions}</p>;
  return (
    <div class="branch-graph">
      <p class="muted small">{t.graphHint}</p>
      <Chart
        option={option}
        label={t.graphLabel}
        height={height}
        table={{ caption: t.transitionsCaption, columns: [t.from, t.to, t.choices], rows: transitions.map((r) => [r.fromSlotId, r.toSlotId, format.number(r.count)]) }}
      />
      {answer.other ? <p class="muted small">{fill(t.otherTransitions, { count: format.number(answer.other.count) })}</p> : null}
      <h3 class="subheading">{t.transitionsTitle}</h3>
      <div class="branch-choices">
        <DataTable
        columns={columns}
        rows={tableRows}
        rowKey={(r) => `${r.fromSlotId}>${r.toSlotId}`}
        caption={t.transitionsCaption}
        csvName="branch-choices"
          initialSort={{ key: 'count', descending: true }}
        />
      </div>
    </div>
  );
}
