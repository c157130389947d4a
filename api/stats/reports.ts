import { daysBetween } from './days.js';
import { projectMetrics, videoMetrics, ZERO_DISTINCTS, ZERO_PROJECT_SUMS } from './metrics.js';
import type { PagesParams, RangeParams } from './params.js';
import type { StatsScope } from './figures.js';
import type { StatsQueries } from './queries.js';
import type { OverviewResponse, PagesResponse, SlotFigures, TransitionsResponse, VideoFigures, VideosResponse } from './schemas.js';

/** What a report needs to know about the project (from the config cache, never from the URL). */
export interface StatsProject {
  id: string;
  timezone: string;
  currency: string;
}

function scopeOf(project: StatsProject, params: RangeParams): StatsScope {
  return { projectId: project.id, from: params.from, to: params.to, includeBots: params.includeBots };
}

/** Totals over the range, and a series with one entry per local day of it, zero-filled. */
export async function overviewReport(queries: StatsQueries, project: StatsProject, params: RangeParams): Promise<OverviewResponse> {
  const figures = await queries.overview(scopeOf(project, params), project.currency);
  const series = daysBetween(params.from, params.to).map((date) => {
    const day = figures.days.get(date);
    return {
      date,
      ...(day
        ? projectMetrics(day.sums, day.distincts, sortedKeys(day.otherCurrencies))
        : projectMetrics(ZERO_PROJECT_SUMS, ZERO_DISTINCTS, {})),
    };
  });
  const { totals } = figures;
  return {
    timezone: project.timezone,
    from: params.from,
    to: params.to,
    currency: project.currency,
    totals: projectMetrics(totals.sums, totals.distincts, sortedKeys(totals.otherCurrencies)),
    series,
  };
}

/** Videos with any figures in the range, each with its slots; by plays, then id. */
export async function videosReport(queries: StatsQueries, project: StatsProject, params: RangeParams): Promise<VideosResponse> {
  const rows = await queries.videos(scopeOf(project, params), project.currency);
  const videos: VideoFigures[] = rows
    .map((video) => ({
      videoId: video.videoId,
      title: video.title,
      ...videoMetrics(video.sums, video.viewers),
      slots: video.slots
        .map((slot): SlotFigures => ({ slotId: slot.slotId, ...videoMetrics(slot.sums, slot.viewers) }))
        .sort((a, b) => b.plays - a.plays || compareIds(a.slotId, b.slotId)),
    }))
    .sort((a, b) => b.plays - a.plays || compareIds(a.videoId, b.videoId));
  return { timezone: project.timezone, from: params.from, to: params.to, currency: project.currency, videos };
}

/** The top `limit` pages by opens and the rest as `other` (null when nothing is left over). */
export async function pagesReport(queries: StatsQueries, project: StatsProject, params: PagesParams): Promise<PagesResponse> {
  const { pages, other } = await queries.pages(scopeOf(project, params), params.limit);
  return { timezone: project.timezone, from: params.from, to: params.to, pages, other: other ?? null };
}

export async function transitionsReport(queries: StatsQueries, project: StatsProject, params: RangeParams): Promise<TransitionsResponse> {
  const transitions = await queries.transitions(scopeOf(project, params));
  return { timezone: project.timezone, from: params.from, to: params.to, transitions };
}

/** Code-unit order, the same on every machine (ids are ASCII by contract). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedKeys(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => compareIds(a, b)));
}
