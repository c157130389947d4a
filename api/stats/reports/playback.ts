import { z } from 'zod';
import { CatalogId } from '../../../shared/events/schema.js';
import { STARTUP_EDGES_MS, startupPercentile } from '../../../shared/playback/startupHistogram.js';
import { localDay } from '../../../shared/timezone.js';
import { num } from '../metrics.js';
import { ListQuery, parseQuery, type Resolved } from '../params.js';
import type { PlaybackFigures, PlaybackResponse } from '../playbackSchemas.js';
import type { StatsQueries } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';

/** Query of the playback answer: a list of (video, slot) pairs, optionally narrowed to one video or slot. */
export const PlaybackQuery = ListQuery.extend({
  videoId: CatalogId.optional().meta({ description: 'Only the plays of this video.' }),
  slotId: CatalogId.optional().meta({ description: 'Only the plays in this slot.' }),
});
export type PlaybackParams = Resolved<z.output<typeof PlaybackQuery>>;

export function parsePlaybackQuery(query: unknown, timezone: string, now = Date.now()): PlaybackParams {
  return parseQuery(PlaybackQuery, query, localDay(now, timezone));
}

const COUNTS = ['views', 'started', 'exits_before_start', 'startup_failures', 'playback_failures', 'rebuffer_count', 'stall_ms'] as const;
const BUCKETS = STARTUP_EDGES_MS.map((_, i) => `b${i + 1}`);

/**
 * Sums per (video, slot) over the range, by views (then the keys); the histogram's buckets
 * summed one by one. $5/$6 the video and slot to narrow to, or null for all.
 */
export const PLAYBACK_SQL = `select video_id, slot_id, ${COUNTS.map((c) => `sum(${c})::text as ${c}`).join(', ')},
    sum(watch_seconds) as watch_seconds, ${BUCKETS.map((b, i) => `sum(startup_hist[${i + 1}])::text as ${b}`).join(', ')}
  from daily_playback
  where ${RANGE} and ($5::text is null or video_id = $5) and ($6::text is null or slot_id = $6)
  group by video_id, slot_id
  order by sum(views) desc, video_id collate "C", slot_id collate "C"`;

type SumsRow = { video_id: string; slot_id: string; watch_seconds: number } & Record<(typeof COUNTS)[number], string> & Record<string, string>;

interface Sums {
  counts: Record<(typeof COUNTS)[number], number>;
  watchSeconds: number;
  hist: number[];
}

function sumsOf(row: SumsRow): Sums {
  return {
    counts: Object.fromEntries(COUNTS.map((c) => [c, num(row[c])])) as Sums['counts'],
    watchSeconds: row.watch_seconds,
    hist: BUCKETS.map((b) => num(row[b])),
  };
}

function add(rows: readonly Sums[]): Sums {
  return {
    counts: Object.fromEntries(COUNTS.map((c) => [c, rows.reduce((s, r) => s + r.counts[c], 0)])) as Sums['counts'],
    watchSeconds: rows.reduce((s, r) => s + r.watchSeconds, 0),
    hist: BUCKETS.map((_, i) => rows.reduce((s, r) => s + (r.hist[i] ?? 0), 0)),
  };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const percentOf = (part: number, whole: number) => (whole > 0 ? round4((100 * part) / whole) : null);

/** The answer's figures from range sums: every rate divides the range's sums. */
export function playbackFigures(s: Sums): PlaybackFigures {
  const c = s.counts;
  return {
    views: c.views,
    started: c.started,
    startupTimes: s.hist.reduce((a, b) => a + b, 0),
    startupP50Ms: startupPercentile(s.hist, 0.5),
    startupP95Ms: startupPercentile(s.hist, 0.95),
    rebufferCount: c.rebuffer_count,
    stallMs: c.stall_ms,
    watchSeconds: round4(s.watchSeconds),
    rebufferPercent: s.watchSeconds > 0 ? round4((100 * c.stall_ms) / 1000 / s.watchSeconds) : null,
    exitsBeforeStart: c.exits_before_start,
    exitsBeforeStartPercent: percentOf(c.exits_before_start, c.views),
    startupFailures: c.startup_failures,
    startupFailurePercent: percentOf(c.startup_failures, c.views),
    playbackFailures: c.playback_failures,
    playbackFailurePercent: percentOf(c.playback_failures, c.views),
  };
}

/** The top `limit` (video, slot) pairs by views, the rest as `other`, and the total of all. */
export async function playbackReport(queries: StatsQueries, project: StatsProject, params: PlaybackParams): Promise<PlaybackResponse> {
  const { rows } = await queries.pool.query<SumsRow>(PLAYBACK_SQL, [...rangeParams(scopeOf(project, params)), params.videoId ?? null, params.slotId ?? null]);
  const sums = rows.map(sumsOf);
  const rest = sums.slice(params.limit);
  return {
    ...rangeOf(project, params),
    rows: rows.slice(0, params.limit).map((r, i) => ({ videoId: r.video_id, slotId: r.slot_id, ...playbackFigures(sums[i] as Sums) })),
    other: rest.length === 0 ? null : playbackFigures(add(rest)),
    total: playbackFigures(add(sums)),
  };
}
