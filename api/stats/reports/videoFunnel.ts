import type pg from 'pg';
import { z } from 'zod';
import { CatalogId } from '../../../shared/events/schema.js';
import { localDay } from '../../../shared/timezone.js';
import type { StatsScope } from '../figures.js';
import { num } from '../metrics.js';
import { ListQuery, parseQuery, type Resolved } from '../params.js';
import type { StatsQueries } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';
import { FUNNEL_STEPS, type FunnelStepName, type VideoFunnelResponse, type VideoFunnelStep } from '../videoFunnelSchemas.js';

/** Query of the video funnel: a list, optionally narrowed to one video and one slot. */
export const VideoFunnelQuery = ListQuery.extend({
  videoId: CatalogId.optional().meta({ description: 'Only this video.' }),
  slotId: CatalogId.optional().meta({ description: 'Only this slot.' }),
});
export type VideoFunnelParams = Resolved<z.output<typeof VideoFunnelQuery>>;

export function parseVideoFunnelQuery(query: unknown, timezone: string, now = Date.now()): VideoFunnelParams {
  return parseQuery(VideoFunnelQuery, query, localDay(now, timezone));
}

const FILTER = `($5::text is null or video_id = $5) and ($6::text is null or slot_id = $6)`;

/** The event and play steps per (video, slot), summed from daily_slot. */
const SLOT_STEPS_SQL = `select video_id, slot_id, sum(impressions)::text as impression, sum(opens)::text as open, sum(plays)::text as play,
    sum(reach25)::text as reach25, sum(reach50)::text as reach50, sum(reach75)::text as reach75, sum(reach100)::text as reach100
  from daily_slot where ${RANGE} and ${FILTER}
  group by video_id, slot_id`;

/**
 * Plays with a CTA click and plays a conversion was attributed to, each play once over the
 * range (its first day's row names its video and slot).
 */
const OUTCOME_STEPS_SQL = `select video_id, slot_id, count(*) filter (where outcome = 'cta')::text as cta_click,
    count(*) filter (where outcome = 'conversion')::text as conversion
  from (
    select distinct on (outcome, play_id) outcome, play_id, video_id, slot_id
    from daily_play_outcomes where ${RANGE} and ${FILTER}
    order by outcome, play_id, day
  ) p
  group by video_id, slot_id`;

export const FUNNEL_NOTE =
  'impression and open count events that named the video and slot (impressions that named none are in the project totals only); ' +
  'play onward count plays: plays started, plays that first crossed 25/50/75/100 %, plays with at least one CTA click and plays a counted ' +
  'conversion was attributed to (the visitor\'s latest play within the conversion window). ctaClick and conversion each require the play, ' +
  'not each other or a milestone. Every step counts on the day it happened (the click\'s, the conversion\'s), each play once over the range.';

type Counts = Record<FunnelStepName, number>;
const zero = (): Counts => Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as Counts;

/** Each step with its ratios to the previous step (play for ctaClick and conversion) and to the first. */
export function funnelSteps(c: Counts): VideoFunnelStep[] {
  const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
  return FUNNEL_STEPS.map((step, i) => {
    const previous = step === 'ctaClick' || step === 'conversion' ? c.play : i === 0 ? c[step] : c[FUNNEL_STEPS[i - 1] as FunnelStepName];
    return { step, count: c[step], fromPrevious: ratio(c[step], previous), fromStart: ratio(c[step], c.impression) };
  });
}

function add(into: Counts, c: Counts): void {
  for (const s of FUNNEL_STEPS) into[s] += c[s];
}

interface PairCounts {
  videoId: string;
  slotId: string;
  counts: Counts;
}

export async function queryVideoFunnel(client: pg.PoolClient, scope: StatsScope, params: VideoFunnelParams): Promise<PairCounts[]> {
  const args = [...rangeParams(scope), params.videoId ?? null, params.slotId ?? null];
  const pairs = new Map<string, PairCounts>();
  const at = (videoId: string, slotId: string) => {
    const key = `${videoId}\u001f${slotId}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { videoId, slotId, counts: zero() }));
    return pair.counts;
  };
  type SlotRow = { video_id: string; slot_id: string } & Record<'impression' | 'open' | 'play' | 'reach25' | 'reach50' | 'reach75' | 'reach100', string>;
  for (const r of (await client.query<SlotRow>(SLOT_STEPS_SQL, args)).rows) {
    const c = at(r.video_id, r.slot_id);
    for (const s of ['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100'] as const) c[s] = num(r[s]);
  }
  for (const r of (await client.query<{ video_id: string; slot_id: string; cta_click: string; conversion: string }>(OUTCOME_STEPS_SQL, args)).rows) {
    const c = at(r.video_id, r.slot_id);
    c.ctaClick = num(r.cta_click);
    c.conversion = num(r.conversion);
  }
  return [...pairs.values()];
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows per (video, slot), the first `limit` by plays, then impressions, then ids; the rest as `other`; and the total. */
export async function videoFunnelReport(queries: StatsQueries, project: StatsProject, params: VideoFunnelParams): Promise<VideoFunnelResponse> {
  const pairs = await queries.snapshot((client) => queryVideoFunnel(client, scopeOf(project, params), params));
  pairs.sort(
    (a, b) => b.counts.play - a.counts.play || b.counts.impression - a.counts.impression || compareIds(a.videoId, b.videoId) || compareIds(a.slotId, b.slotId),
  );
  const total = zero();
  for (const p of pairs) add(total, p.counts);
  const rest = pairs.slice(params.limit);
  const other = zero();
  for (const p of rest) add(other, p.counts);
  return {
    ...rangeOf(project, params),
    rows: pairs.slice(0, params.limit).map((p) => ({ videoId: p.videoId, slotId: p.slotId, steps: funnelSteps(p.counts) })),
    other: rest.length === 0 ? null : { steps: funnelSteps(other) },
    total: { steps: funnelSteps(total) },
    note: FUNNEL_NOTE,
  };
}
