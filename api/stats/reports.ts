import { figuresOf, zeroDistincts, zeroSums } from '../../shared/metrics/levels.js';
import { daysBetween } from './days.js';
import type { DayFigures, StatsScope, VideoLevelFigures } from './figures.js';
import type { ListParams, RangeParams, SiteParams } from './params.js';
import type { StatsQueries } from './queries.js';
import { queryForms } from './reports/forms.js';
import { queryGoals } from './reports/goals.js';
import { queryPages } from './reports/pages.js';
import { querySiteDays, querySiteHours } from './reports/site.js';
import { querySitePages } from './reports/sitePages.js';
import { queryCatalogLinks, queryTransitions } from './reports/transitions.js';
import { queryVideos } from './reports/videos.js';
import type {
  FormsResponse,
  GoalsResponse,
  OverviewResponse,
  PagesResponse,
  ProjectMetrics,
  SlotFigures,
  TransitionsResponse,
  VideoFigures,
  VideoMetrics,
  VideosResponse,
} from './schemas.js';
import type { SitePagesResponse, SiteResponse } from './siteSchemas.js';

/** What a report needs to know about the project (from the config cache, never from the URL). */
export interface StatsProject {
  id: string;
  timezone: string;
  currency: string;
}

/** The project and range a report reads (also the breakdown reports'). */
export function scopeOf(project: StatsProject, params: RangeParams): StatsScope {
  return { projectId: project.id, from: params.from, to: params.to, includeBots: params.includeBots };
}

/** The range fields every answer starts with. */
export function rangeOf(project: StatsProject, params: RangeParams) {
  return { timezone: project.timezone, from: params.from, to: params.to };
}

function projectFigures(day: DayFigures): ProjectMetrics {
  return { ...figuresOf('project', day.sums, day.distincts), otherCurrencies: sortedKeys(day.otherCurrencies) };
}

function videoFigures(f: VideoLevelFigures): VideoMetrics {
  return figuresOf('video', f.sums, f.distincts);
}

const ZERO_DAY: DayFigures = { sums: zeroSums('project'), distincts: zeroDistincts('project'), otherCurrencies: {} };

/** Totals over the range, and a series with one entry per local day of it, zero-filled. */
export async function overviewReport(queries: StatsQueries, project: StatsProject, params: RangeParams): Promise<OverviewResponse> {
  const figures = await queries.overview(scopeOf(project, params), project.currency);
  const series = daysBetween(params.from, params.to).map((date) => ({ date, ...projectFigures(figures.days.get(date) ?? ZERO_DAY) }));
  return { ...rangeOf(project, params), currency: project.currency, totals: projectFigures(figures.totals), series };
}

/** The first `limit` videos by plays (then id), each with its slots; the rest as `other`. */
export async function videosReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<VideosResponse> {
  const { videos, other } = await queries.snapshot((client) => queryVideos(client, scopeOf(project, params), project.currency, params.limit));
  const rows: VideoFigures[] = videos
    .map((video) => ({
      videoId: video.videoId,
      title: video.title,
      ...videoFigures(video),
      slots: video.slots
        .map((slot): SlotFigures => ({ slotId: slot.slotId, ...videoFigures(slot) }))
        .sort((a, b) => b.plays - a.plays || compareIds(a.slotId, b.slotId)),
    }))
    .sort((a, b) => b.plays - a.plays || compareIds(a.videoId, b.videoId));
  return { ...rangeOf(project, params), currency: project.currency, videos: rows, other: other ? videoFigures(other) : null };
}

/** The top `limit` pages by opens and the rest as `other` (null when nothing is left over). */
export async function pagesReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<PagesResponse> {
  const { pages, other } = await queries.snapshot((client) => queryPages(client, scopeOf(project, params), params.limit));
  return { ...rangeOf(project, params), pages, other: other ?? null };
}

export async function transitionsReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<TransitionsResponse> {
  const [{ transitions, other }, links] = await Promise.all([
    queryTransitions(queries.pool, scopeOf(project, params), params.limit),
    queryCatalogLinks(queries.pool, project.id),
  ]);
  return { ...rangeOf(project, params), transitions, other: other ?? null, links };
}

export async function goalsReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<GoalsResponse> {
  const { goals, other } = await queryGoals(queries.pool, scopeOf(project, params), params.limit);
  return {
    ...rangeOf(project, params),
    currency: project.currency,
    goals: goals.map((g) => ({ ...g, videosOther: g.videosOther ?? null })),
    other: other ?? null,
  };
}

/** The top `limit` forms by starts, with completion and time to complete, and the rest as `other`. */
export async function formsReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<FormsResponse> {
  const { forms, other } = await queries.snapshot((client) => queryForms(client, scopeOf(project, params), params.limit));
  return { ...rangeOf(project, params), forms, other: other ?? null };
}

/** Site figures over the range, with a series per local day or per local hour. */
export async function siteReport(queries: StatsQueries, project: StatsProject, params: SiteParams): Promise<SiteResponse> {
  const scope = scopeOf(project, params);
  return queries.snapshot(async (client) => {
    const days = await querySiteDays(client, scope, project.currency);
    const series = params.interval === 'hour' ? await querySiteHours(client, scope, project.timezone) : days.series;
    return { ...rangeOf(project, params), interval: params.interval, totals: days.totals, series };
  });
}

/** The site's pages by views, the first `limit` listed and the rest as `other`. */
export async function sitePagesReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<SitePagesResponse> {
  const { pages, other } = await queries.snapshot((client) => querySitePages(client, scopeOf(project, params), params.limit));
  return { ...rangeOf(project, params), pages, other: other ?? null };
}

/** Code-unit order, the same on every machine (ids are ASCII by contract). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedKeys(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => compareIds(a, b)));
}
