import { z } from 'zod';
import { CatalogId } from '../../../shared/events/schema.js';
import { localDay } from '../../../shared/timezone.js';
import type { StatsScope } from '../figures.js';
import { num } from '../metrics.js';
import { ListQuery, parseQuery, type Resolved } from '../params.js';
import type { Queryable, StatsQueries } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';
import type { ClickFigures, ClicksResponse } from '../schemas.js';

/** How the answer shows a click sent without a label. */
export const NO_LABEL = '(none)';

/** Query of the clicks answer: a list, optionally narrowed to one video and one of its slots. */
export const ClicksQuery = ListQuery.extend({
  videoId: CatalogId.optional().meta({ description: 'Only the clicks on this video.' }),
  slotId: CatalogId.optional().meta({ description: 'Only the clicks in this slot.' }),
});
export type ClicksParams = Resolved<z.output<typeof ClicksQuery>>;

export function parseClicksQuery(query: unknown, timezone: string, now = Date.now()): ClicksParams {
  return parseQuery(ClicksQuery, query, localDay(now, timezone));
}

/**
 * Clicks per (video, slot, target, label) over the range, by clicks (then the keys); $5/$6 the
 * video and slot to narrow to, or null for all.
 */
export const CLICKS_SQL = `select video_id, slot_id, target, label, sum(clicks)::text as clicks
  from daily_clicks
  where ${RANGE} and ($5::text is null or video_id = $5) and ($6::text is null or slot_id = $6)
  group by video_id, slot_id, target, label
  order by sum(clicks) desc, video_id collate "C", slot_id collate "C", target collate "C", label collate "C"`;

interface ClicksFigures {
  clicks: ClickFigures[];
  other: { clicks: number } | undefined;
}

export async function queryClicks(pool: Queryable, scope: StatsScope, params: ClicksParams): Promise<ClicksFigures> {
  const { rows } = await pool.query<{ video_id: string; slot_id: string; target: string; label: string; clicks: string }>(CLICKS_SQL, [
    ...rangeParams(scope),
    params.videoId ?? null,
    params.slotId ?? null,
  ]);
  const clicks = rows.slice(0, params.limit).map((r) => ({
    videoId: r.video_id,
    slotId: r.slot_id,
    target: r.target,
    label: r.label === '' ? NO_LABEL : r.label,
    clicks: num(r.clicks),
  }));
  const rest = rows.slice(params.limit);
  return { clicks, other: rest.length === 0 ? undefined : { clicks: rest.reduce((sum, r) => sum + num(r.clicks), 0) } };
}

/** The top `limit` (video, slot, target, label) keys by clicks, and the rest as `other`. */
export async function clicksReport(queries: StatsQueries, project: StatsProject, params: ClicksParams): Promise<ClicksResponse> {
  const { clicks, other } = await queryClicks(queries.pool, scopeOf(project, params), params);
  return { ...rangeOf(project, params), clicks, other: other ?? null };
}
