import type { ProjectMetrics, VideoMetrics, VideosResponse } from '../../api/types';
import { METRICS } from '../../../../shared/metrics/registry';

/**
 * The rows of the videos table: each video with its slots below it; then, unsorted, the videos
 * past the limit together and a row for all videos. Every figure of a video is a column (checked when this
 * compiles), in the registry's order.
 */

export const VIDEO_FIGURES = [
  'plays',
  'viewers',
  'completionRate',
  'reach25',
  'reach50',
  'reach75',
  'reach100',
  'watchSeconds',
  'avgWatchSeconds',
  'ctaClicks',
  'ctr',
  'detailClicks',
  'choiceClicks',
  'interactions',
  'conversions',
  'converters',
  'cvr',
  'conversionValue',
] as const satisfies readonly (keyof VideoMetrics)[];

export type VideoFigure = (typeof VIDEO_FIGURES)[number];
/**
 * Impressions and opens of a video count only the events that named it (most sites send none),
 * so they, and playRate over them, are left to the video funnel rather than shown as columns.
 */
type Missing = Exclude<keyof VideoMetrics, VideoFigure | 'impressions' | 'opens' | 'playRate'>;
export const EVERY_FIGURE_IS_A_COLUMN: [Missing] extends [never] ? true : Missing = true;

/** A row's figures; the all-videos row lacks its distinct ones until the overview has answered. */
export type Figures = Record<VideoFigure, number | null>;

export interface VideoRow {
  key: string;
  kind: 'video' | 'slot' | 'other' | 'total';
  videoId: string | null;
  title: string | null;
  slotId: string | null;
  figures: Figures;
  slots: VideoRow[];
}

const pick = (m: VideoMetrics): Figures => Object.fromEntries(VIDEO_FIGURES.map((f) => [f, m[f]])) as Figures;

const RATIOS = METRICS.filter((m) => m.kind === 'ratio');
const DISTINCT = new Set<string>(METRICS.filter((m) => m.kind === 'distinct').map((m) => m.name));

/**
 * Every video's row with its slots, then the rest. `project` (the overview's totals of the same
 * range) gives the all-videos row its distinct figures: viewers and converters are distinct
 * visitors, which no sum of videos gives.
 */
export function videoRows(answer: VideosResponse, project: ProjectMetrics | undefined): { rows: VideoRow[]; other: VideoRow | undefined; total: VideoRow | undefined } {
  const rows: VideoRow[] = answer.videos.map((v) => ({
    key: `v:${v.videoId}`,
    kind: 'video',
    videoId: v.videoId,
    title: v.title,
    slotId: null,
    figures: pick(v),
    slots: v.slots.map((s) => ({ key: `s:${v.videoId}:${s.slotId}`, kind: 'slot', videoId: v.videoId, title: v.title, slotId: s.slotId, figures: pick(s), slots: [] })),
  }));
  const other: VideoRow | undefined = answer.other
    ? { key: 'other', kind: 'other', videoId: null, title: null, slotId: null, figures: pick(answer.other), slots: [] }
    : undefined;
  const parts = [...rows, ...(other ? [other] : [])];
  if (parts.length === 0) return { rows, other, total: undefined };
  const total: VideoRow = { key: 'total', kind: 'total', videoId: null, title: null, slotId: null, figures: totalOf(parts.map((r) => r.figures), project), slots: [] };
  return { rows, other, total };
}

function totalOf(parts: readonly Figures[], project: ProjectMetrics | undefined): Figures {
  const total: Record<string, number | null> = {};
  for (const name of VIDEO_FIGURES) {
    if (DISTINCT.has(name)) total[name] = project ? (project[name as keyof ProjectMetrics] as number) : null;
    else total[name] = parts.reduce((sum, p) => sum + (p[name] ?? 0), 0);
  }
  for (const ratio of RATIOS) {
    if (!(ratio.name in total)) continue;
    const numerator = total[ratio.numerator];
    const denominator = total[ratio.denominator];
    total[ratio.name] = numerator === null || numerator === undefined || !denominator ? null : numerator / denominator;
  }
  return total as Figures;
}
