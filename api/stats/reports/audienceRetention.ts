import type pg from 'pg';
import { z } from 'zod';
import { CatalogId } from '../../../shared/events/schema.js';
import { localDay } from '../../../shared/timezone.js';
import { num } from '../metrics.js';
import { parseQuery, RangeQuery, type Resolved } from '../params.js';
import type { StatsQueries } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';
import type { AudienceRetentionResponse } from '../videoSchemas.js';
import { commonestDuration, dropOff, percentPoints, sumArrays, watchPoints } from './watchCurve.js';

/** Query of the audience-retention answer: a range and the one video it is about. */
export const AudienceRetentionQuery = RangeQuery.extend({
  videoId: CatalogId.meta({ description: 'The video whose retention curve is asked for (required).' }),
});
export type AudienceRetentionParams = Resolved<z.output<typeof AudienceRetentionQuery>>;

export function parseAudienceRetentionQuery(query: unknown, timezone: string, now = Date.now()): AudienceRetentionParams {
  return parseQuery(AudienceRetentionQuery, query, localDay(now, timezone));
}

/** $5 the video: one row per day and bot flag, summed element by element here (at most 800 rows). */
const CURVE_SQL = `select unique_plays, views from daily_watch_curves where ${RANGE} and video_id = $5`;

const PLAYS_SQL = `select coalesce(sum(plays), 0)::text as plays from daily_watch_curves where ${RANGE} and video_id = $5`;

const REPORTED_SQL = `select x.seconds, sum(x.events)::text as events
  from daily_watch_curves c, unnest(c.reported_durations, c.reported_duration_events) as x(seconds, events)
  where ${RANGE} and video_id = $5
  group by x.seconds`;

const CATALOG_SQL = `select duration from videos where project_id = $1 and video_id = $2`;

/**
 * The video's retention over the range: per-second counts summed over the days' rows (plays
 * count on their start day, with every range they played), shares of the range's plays, the
 * percent points of the catalog duration or else the commonest reported one, and the drop-off.
 */
export async function audienceRetentionReport(queries: StatsQueries, project: StatsProject, params: AudienceRetentionParams): Promise<AudienceRetentionResponse> {
  const scope = scopeOf(project, params);
  const read = await queries.snapshot(async (client: pg.PoolClient) => {
    const args = [...rangeParams(scope), params.videoId];
    const curve = await client.query<{ unique_plays: number[]; views: number[] }>(CURVE_SQL, args);
    const plays = await client.query<{ plays: string }>(PLAYS_SQL, args);
    const reported = await client.query<{ seconds: number; events: string }>(REPORTED_SQL, args);
    const catalog = await client.query<{ duration: number | null }>(CATALOG_SQL, [project.id, params.videoId]);
    return { curve: curve.rows, plays: num(plays.rows[0]?.plays ?? '0'), reported: reported.rows, catalog: catalog.rows[0]?.duration ?? null };
  });
  const counts = { plays: read.plays, watched: sumArrays(read.curve.map((r) => r.unique_plays)), views: sumArrays(read.curve.map((r) => r.views)) };
  const reportedSeconds = commonestDuration(read.reported.map((r) => ({ seconds: r.seconds, count: num(r.events) })));
  const duration =
    read.catalog !== null ? { seconds: read.catalog, source: 'catalog' as const } : reportedSeconds !== null ? { seconds: reportedSeconds, source: 'reported' as const } : null;
  const seconds = watchPoints(counts, duration?.seconds ?? null);
  return {
    ...rangeOf(project, params),
    videoId: params.videoId,
    plays: read.plays,
    duration,
    seconds,
    percent: percentPoints(counts, duration?.seconds ?? null),
    dropOff: read.plays === 0 ? null : dropOff(seconds),
  };
}
