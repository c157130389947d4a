import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import { unionCardinality } from '../../shared/sets/bitmap.js';
import { PROJECT_SCOPE, SET_KIND, slotScope, videoScope } from '../../shared/sets/kinds.js';
import { ZERO_DISTINCTS, ZERO_PROJECT_SUMS, ZERO_SLOT_SUMS, type SlotSums } from './metrics.js';
import type {
  StatsScope,
  Freshness,
  DayFigures,
  OverviewFigures,
  VideoRow,
  PageRow,
  PagesFigures,
  TransitionRow,
} from './figures.js';
import { MemberSets } from './memberSets.js';
import { RANGE, rangeParams } from './range.js';

/**
 * Every SQL statement of the stats API, and nothing else. All of them read the daily rollup
 * tables (plus the catalog for titles), one project at a time, over an inclusive range of
 * local days, with bot rows included only on request. Figures are exact: sums of integers and
 * of `numeric`, and distinct counts as the size of the union of the range's member sets
 * (memberSets.ts), so a visitor seen on two days counts once.
 *
 * Every value is selected as text (or a small int from `grouping()`), so that the row types
 * below are what the driver really returns; numbers are converted in one place.
 */


/** Additive columns shared by daily_project and daily_slot, summed exactly, as text. */
const SLOT_SUMS = `
  sum(plays)::text as plays,
  sum(reach25)::text as reach25,
  sum(reach50)::text as reach50,
  sum(reach75)::text as reach75,
  sum(reach100)::text as reach100,
  round(sum(watch_seconds::numeric), 4)::text as watch_seconds,
  sum(cta_clicks)::text as cta_clicks,
  sum(detail_clicks)::text as detail_clicks,
  sum(choice_clicks)::text as choice_clicks,
  sum(conversions)::text as conversions`;

interface SlotSumsRow {
  plays: string;
  reach25: string;
  reach50: string;
  reach75: string;
  reach100: string;
  watch_seconds: string;
  cta_clicks: string;
  detail_clicks: string;
  choice_clicks: string;
  conversions: string;
}

/** A bigint or numeric sum as text (null for the sum of no rows) to a JSON number. */
function num(value: string | null | undefined): number {
  return value == null ? 0 : Number(value);
}

/**
 * conversionValue comes from daily_conversion_values in the project's current currency, so
 * that it is always split the same way as otherCurrencies.
 */
function slotSums(row: SlotSumsRow, conversionValue: number): SlotSums {
  return {
    plays: num(row.plays),
    reach25: num(row.reach25),
    reach50: num(row.reach50),
    reach75: num(row.reach75),
    reach100: num(row.reach100),
    watchSeconds: num(row.watch_seconds),
    ctaClicks: num(row.cta_clicks),
    detailClicks: num(row.detail_clicks),
    choiceClicks: num(row.choice_clicks),
    conversions: num(row.conversions),
    conversionValue,
  };
}

export class StatsQueries {
  constructor(private readonly pool: pg.Pool) {}

  /** The ETag inputs, read before any figure: three index lookups in one round trip. */
  async freshness(projectId: string, from: string, to: string): Promise<Freshness> {
    const { rows } = await this.pool.query<Freshness>(
      `select
         (select coalesce(max(seq), 0)::text || '/' || count(*)::text
            from rollup_days where project_id = $1 and day between $2::date and $3::date) as rollups,
         (select coalesce((extract(epoch from max(updated_at)) * 1000000)::bigint, 0)::text || '/' || count(*)::text
            from videos where project_id = $1) as videos,
         (select coalesce((extract(epoch from max(updated_at)) * 1000000)::bigint, 0)::text || '/' || count(*)::text
            from slots where project_id = $1) as slots`,
      [projectId, from, to],
    );
    const row = rows[0];
    if (!row) throw new Error('freshness query returned no row');
    return row;
  }

  /** Project figures per day and over the whole range, read from one snapshot. */
  overview(scope: StatsScope, currency: string): Promise<OverviewFigures> {
    return this.snapshot(async (client) => {
      const params = rangeParams(scope);
      const sums = await client.query<SlotSumsRow & { day: string | null; impressions: string; opens: string }>(
        `select day::text as day, sum(impressions)::text as impressions, sum(opens)::text as opens, ${SLOT_SUMS}
           from daily_project where ${RANGE}
          group by grouping sets ((day), ())`,
        params,
      );
      const values = await client.query<{ day: string | null; currency: string; value: string }>(
        `select day::text as day, currency::text as currency, round(sum(value), 4)::text as value
           from daily_conversion_values where ${RANGE}
          group by grouping sets ((day, currency), (currency))`,
        params,
      );
      const sets = new MemberSets(client, scope);
      const kinds = [SET_KIND.visitor, SET_KIND.session, SET_KIND.viewer] as const;
      const members: { day: string | null; kind: number; count: number }[] = await sets.dailyCounts(kinds);
      for (const kind of kinds) {
        members.push({ day: null, kind, count: (await sets.rangeCounts(kind, [PROJECT_SCOPE])).get(PROJECT_SCOPE) ?? 0 });
      }

      const totals = emptyDay();
      const days = new Map<string, DayFigures>();
      const figuresOf = (day: string | null): DayFigures => {
        if (day === null) return totals;
        let figures = days.get(day);
        if (!figures) days.set(day, (figures = emptyDay()));
        return figures;
      };
      for (const row of values.rows) {
        const figures = figuresOf(row.day);
        if (row.currency === currency) figures.sums.conversionValue = num(row.value);
        else figures.otherCurrencies[row.currency] = num(row.value);
      }
      for (const row of sums.rows) {
        const figures = figuresOf(row.day);
        figures.sums = {
          ...slotSums(row, figures.sums.conversionValue),
          impressions: num(row.impressions),
          opens: num(row.opens),
        };
      }
      for (const row of members) {
        const figures = figuresOf(row.day);
        if (row.kind === SET_KIND.visitor) figures.distincts.visitors = row.count;
        else if (row.kind === SET_KIND.session) figures.distincts.sessions = row.count;
        else figures.distincts.viewers = row.count;
      }
      return { totals, days };
    });
  }

  /** Video and slot figures over the range, with catalog titles; unsorted. */
  videos(scope: StatsScope, currency: string): Promise<VideoRow[]> {
    return this.snapshot(async (client) => {
      const params = rangeParams(scope);
      const sums = await client.query<SlotSumsRow & { video_id: string; slot_id: string | null }>(
        `select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, ${SLOT_SUMS}
           from daily_slot where ${RANGE}
          group by grouping sets ((video_id, slot_id), (video_id))`,
        params,
      );
      if (sums.rows.length === 0) return [];
      const values = await client.query<{ video_id: string; slot_id: string | null; value: string }>(
        `select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, round(sum(value), 4)::text as value
           from daily_conversion_values where ${RANGE} and currency = $5
          group by grouping sets ((video_id, slot_id), (video_id))`,
        [...params, currency],
      );

      const scopes = sums.rows.map((r) => (r.slot_id === null ? videoScope(r.video_id) : slotScope(r.video_id, r.slot_id)));
      const viewersOf = await new MemberSets(client, scope).rangeCounts(SET_KIND.viewer, scopes);
      const videoIds = sums.rows.filter((r) => r.slot_id === null).map((r) => r.video_id);
      const titles = await client.query<{ video_id: string; title: string }>(
        `select video_id, title from videos where project_id = $1 and video_id = any($2::text[])`,
        [scope.projectId, videoIds],
      );

      const valueOf = new Map(values.rows.map((r) => [r.slot_id === null ? videoScope(r.video_id) : slotScope(r.video_id, r.slot_id), num(r.value)]));
      const titleOf = new Map(titles.rows.map((r) => [r.video_id, r.title]));
      const videos = new Map<string, VideoRow>();
      const videoOf = (videoId: string): VideoRow => {
        let video = videos.get(videoId);
        if (!video) {
          video = { videoId, title: titleOf.get(videoId) ?? null, sums: { ...ZERO_SLOT_SUMS }, viewers: 0, slots: [] };
          videos.set(videoId, video);
        }
        return video;
      };
      for (const row of sums.rows) {
        const video = videoOf(row.video_id);
        if (row.slot_id === null) {
          const key = videoScope(row.video_id);
          video.sums = slotSums(row, valueOf.get(key) ?? 0);
          video.viewers = viewersOf.get(key) ?? 0;
        } else {
          const key = slotScope(row.video_id, row.slot_id);
          video.slots.push({
            videoId: row.video_id,
            slotId: row.slot_id,
            sums: slotSums(row, valueOf.get(key) ?? 0),
            viewers: viewersOf.get(key) ?? 0,
          });
        }
      }
      return [...videos.values()];
    });
  }

  /**
   * Pages by opens (then url), the first `limit` with their own distinct visitors, the rest
   * folded into one bucket whose visitors are distinct over the union of its pages' members.
   */
  pages(scope: StatsScope, limit: number): Promise<PagesFigures> {
    return this.snapshot(async (client) => {
      const { rows } = await client.query<{ page_key: string; opens: string }>(
        `select page_key, sum(opens)::text as opens
           from daily_page where ${RANGE}
          group by page_key
          order by sum(opens) desc, page_key collate "C"`,
        rangeParams(scope),
      );
      const setsOf = await new MemberSets(client, scope).rangeSets(SET_KIND.pageVisitor, null);
      const pages: PageRow[] = rows.slice(0, limit).map((r) => ({
        url: r.page_key,
        opens: num(r.opens),
        visitors: unionCardinality(setsOf.get(r.page_key) ?? []),
      }));
      const rest = rows.slice(limit);
      const other =
        rest.length === 0
          ? undefined
          : {
              opens: rest.reduce((sum, r) => sum + num(r.opens), 0),
              visitors: unionCardinality(rest.flatMap((r) => setsOf.get(r.page_key) ?? [])),
            };
      return { pages, other };
    });
  }

  /** Branch choices between slots, by count (then ids). */
  async transitions(scope: StatsScope): Promise<TransitionRow[]> {
    const { rows } = await this.pool.query<{ from_slot_id: string; to_slot_id: string; count: string }>(
      `select from_slot_id, to_slot_id, sum(count)::text as count
         from daily_transitions where ${RANGE}
        group by from_slot_id, to_slot_id
        order by sum(count) desc, from_slot_id collate "C", to_slot_id collate "C"`,
      rangeParams(scope),
    );
    return rows.map((r) => ({ fromSlotId: r.from_slot_id, toSlotId: r.to_slot_id, count: num(r.count) }));
  }

  /** Several statements that must agree with each other (series and totals) see one snapshot. */
  private snapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(
      this.pool,
      async (client) => {
        // JIT compilation costs seconds on these statements and saves nothing at their size.
        await client.query('set local jit = off');
        return work(client);
      },
      { isolation: 'repeatable read' },
    );
  }
}

function emptyDay(): DayFigures {
  return {
    sums: { ...ZERO_PROJECT_SUMS },
    distincts: { ...ZERO_DISTINCTS },
    otherCurrencies: {},
  };
}
