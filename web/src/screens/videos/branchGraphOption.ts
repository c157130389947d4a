import type { GraphSeriesOption } from 'echarts/charts';
import { placeSlots, type Transition } from './branchLayout';

/**
 * The ECharts option of the branch graph: one node per slot (coloured by its video), one arrow
 * per slot pair labelled with its count, thicker the more it was chosen. Labels and tooltips
 * are plain text drawn on the canvas (slot ids and titles are never markup).
 */

export interface BranchGraphLabels {
  /** "Slot", "Video", "Choices" … in the reader's language. */
  slot: string;
  video: string;
  choices: string;
  /** A video's name (title, else id) for the legend; undefined when the slot's video is unknown. */
  videoOfSlot(slotId: string): string | undefined;
  unknownVideo: string;
  formatNumber(n: number): string;
}

/** Distances between slots in layout units; the chart scales them to its box. */
export const COLUMN_GAP = 220;
export const ROW_GAP = 90;
const PALETTE = ['#2563eb', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626'];

interface NodeParams {
  dataType?: string;
  name?: string;
  data?: { slotId?: string; video?: string; in?: number; out?: number; source?: string; target?: string; value?: number };
}

export function branchGraphOption(transitions: readonly Transition[], labels: BranchGraphLabels) {
  const placed = placeSlots(transitions);
  const videoOf = (slotId: string) => labels.videoOfSlot(slotId) ?? labels.unknownVideo;
  const videos = [...new Set(placed.map((p) => videoOf(p.slotId)))];
  const max = transitions.reduce((m, t) => Math.max(m, t.count), 1);
  const series: GraphSeriesOption = {
    type: 'graph',
    layout: 'none',
    // One scale for both axes: a narrow screen shrinks the graph instead of stretching it.
    preserveAspect: true,
    roam: true,
    top: 64,
    bottom: 28,
    left: 40,
    right: 40,
    edgeSymbol: ['none', 'arrow'],
    edgeSymbolSize: [0, 9],
    symbolSize: 22,
    categories: videos.map((name, i) => ({ name, itemStyle: { color: PALETTE[i % PALETTE.length] ?? '#2563eb' } })),
    label: { show: true, position: 'bottom', color: '#1f2937', fontSize: 12 },
    edgeLabel: {
      show: true,
      fontSize: 12,
      color: '#111827',
      backgroundColor: '#ffffff',
      padding: [1, 4],
      borderRadius: 3,
      formatter: (p: { value?: unknown }) => labels.formatNumber(typeof p.value === 'number' ? p.value : 0),
    },
    lineStyle: { color: '#94a3b8', opacity: 0.9, curveness: 0.15 },
    emphasis: { focus: 'adjacency', lineStyle: { color: '#475569' } },
    data: placed.map((p) => ({
      id: p.slotId,
      name: p.slotId,
      x: p.column * COLUMN_GAP,
      y: p.row * ROW_GAP,
      category: videos.indexOf(videoOf(p.slotId)),
      slotId: p.slotId,
      video: videoOf(p.slotId),
      in: p.in,
      out: p.out,
    })),
    links: transitions.map((t) => ({
      source: t.fromSlotId,
      target: t.toSlotId,
      value: t.count,
      // A catalog branch nobody chose in the range: thin and dashed.
      lineStyle: t.count === 0 ? { width: 1, type: 'dashed' as const } : { width: 1.5 + (4 * t.count) / max },
    })),
  };
  return {
    animation: false,
    legend: { data: videos, top: 4, left: 'center', type: 'scroll' as const, textStyle: { color: '#374151' } },
    tooltip: {
      trigger: 'item' as const,
      formatter: (p: NodeParams) => {
        const d = p.data ?? {};
        if (p.dataType === 'edge') return `${d.source ?? ''} → ${d.target ?? ''}\n${labels.choices}: ${labels.formatNumber(d.value ?? 0)}`;
        return `${labels.slot}: ${d.slotId ?? ''}\n${labels.video}: ${d.video ?? ''}`;
      },
    },
    series: [series],
  };
}
