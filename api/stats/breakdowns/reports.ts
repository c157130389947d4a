import { dimensionNamed, splitValue, type DimensionName } from '../../../shared/breakdowns/dimensions.js';
import { figuresOf } from '../../../shared/metrics/levels.js';
import type { ListParams } from '../params.js';
import type { StatsQueries } from '../queries.js';
import { rangeOf, scopeOf, videosReport, type StatsProject } from '../reports.js';
import type { VideosResponse } from '../schemas.js';
import type { DevicesParams, LocationsParams, VideosParams } from './params.js';
import { queryBreakdown, queryVideoBreakdown, type BreakdownFigures as Figures } from './queries.js';
import type { CampaignsResponse, DevicesResponse, LocationsResponse, SourcesResponse, VideosByResponse } from './schemas.js';

/** The breakdown lists (docs/architecture.md, "Breakdowns"), shaped from breakdowns/queries.ts. */

const projectFigures = (f: Figures<'project'>) => figuresOf('project', f.sums, f.distincts);
const videoFigures = (f: Figures<'video'>) => figuresOf('video', f.sums, f.distincts);

/** The rows of one dimension with their fields split out, and the rest together. */
async function list(queries: StatsQueries, project: StatsProject, params: ListParams, name: DimensionName) {
  const dimension = dimensionNamed(name);
  const { rows, other } = await queries.snapshot((client) => queryBreakdown(client, scopeOf(project, params), dimension, params.limit));
  return {
    rows: rows.map((r) => ({
      ...splitValue(dimension, r.value),
      ...(dimension.place ? { latitude: r.latitude, longitude: r.longitude } : {}),
      ...projectFigures(r),
    })),
    other: other ? projectFigures(other) : null,
  };
}

export async function sourcesReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<SourcesResponse> {
  const { rows, other } = await list(queries, project, params, 'platform');
  return { ...rangeOf(project, params), sources: rows as SourcesResponse['sources'], other };
}

export async function campaignsReport(queries: StatsQueries, project: StatsProject, params: ListParams): Promise<CampaignsResponse> {
  const { rows, other } = await list(queries, project, params, 'campaign');
  return { ...rangeOf(project, params), campaigns: rows as CampaignsResponse['campaigns'], other };
}

export async function devicesReport(queries: StatsQueries, project: StatsProject, params: DevicesParams): Promise<DevicesResponse> {
  const { rows, other } = await list(queries, project, params, params.by);
  return { ...rangeOf(project, params), by: params.by, devices: rows as DevicesResponse['devices'], other };
}

export async function locationsReport(queries: StatsQueries, project: StatsProject, params: LocationsParams): Promise<LocationsResponse> {
  const { rows, other } = await list(queries, project, params, params.by);
  return { ...rangeOf(project, params), by: params.by, locations: rows as LocationsResponse['locations'], other };
}

/** Without `by`, the videos list as always; with it, the video figures per value of that dimension. */
export async function videosOrByReport(queries: StatsQueries, project: StatsProject, params: VideosParams): Promise<VideosResponse | VideosByResponse> {
  const { by, ...rest } = params;
  if (by === undefined) return videosReport(queries, project, rest);
  const dimension = dimensionNamed(by);
  const { groups, other, titles } = await queries.snapshot(async (client) => {
    const found = await queryVideoBreakdown(client, scopeOf(project, params), dimension, params.limit);
    const ids = [...new Set(found.groups.flatMap((g) => g.videos.map((v) => v.videoId)))];
    const named = await client.query<{ video_id: string; title: string }>(`select video_id, title from videos where project_id = $1 and video_id = any($2::text[])`, [
      project.id,
      ids,
    ]);
    return { ...found, titles: new Map(named.rows.map((r) => [r.video_id, r.title])) };
  });
  return {
    ...rangeOf(project, params),
    currency: project.currency,
    by,
    groups: groups.map((g) => ({
      ...splitValue(dimension, g.value),
      videos: g.videos.map((v) => ({ videoId: v.videoId, title: titles.get(v.videoId) ?? null, ...videoFigures(v) })),
      other: g.other ? videoFigures(g.other) : null,
    })),
    other: other ? videoFigures(other) : null,
  };
}
