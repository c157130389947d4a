import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import { zeroDistincts, zeroSums } from '../../shared/metrics/levels.js';
import { unionCardinality } from '../../shared/sets/bitmap.js';
import { PROJECT_SCOPE, slotScope, videoScope, type SetKind } from '../../shared/sets/kinds.js';
import type { DayFigures, Freshness, OverviewFigures, StatsScope, VideoLevelFigures, VideoRow, VideosFigures } from './figures.js';
import { MemberSets } from './memberSets.js';
import { distinctKinds, num, sumSelectList, sumsFromRow } from './metrics.js';
import { RANGE, rangeParams } from './range.js';

/**
 * The statements of the overview and videos reports: the daily rollup tables (plus the
 * catalog for titles), one project at a time, over an inclusive range of local days, with
 * bot rows included only on request. Figures are exact: sums of integers and of `numeric`,
 * and distinct counts as the size of the union of the range's member sets (memberSets.ts).
 * Which figures are read comes from the metric registry. Lists of pages, transitions and
 * goals have their own files under reports/.
 */

type SumRow = Record<string, string | null>;

export class StatsQueries {
  constructor(readonly pool: pg.Pool) {}

  /** The ETag inputs, read before any figure: four index lookups in one round trip. */
  async freshness(projectId: string, from: string, to: string): Promise<Freshness> {
    const stamp = (table: string) => `(select coalesce((extract(epoch from max(updated_at)) * 1000000)::bigint, 0)::text || '/' || count(*)::text
            from ${table} where project_id = $1)`;
    const { rows } = await this.pool.query<Freshness>(
      `select
         (select coalesce(max(seq), 0)::text || '/' || count(*)::text
            from rollup_days where project_id = $1 and day between $2::date and $3::date) as rollups,
         ${stamp('videos')} as videos, ${stamp('slots')} as slots, ${stamp('conversion_rules')} as rules`,
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
      const sums = await client.query<SumRow & { day: string | null }>(
        `select day::text as day, ${sumSelectList('project')}
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
      const kinds = distinctKinds('project');
      const sets = new MemberSets(client, scope);
      const members: { day: string | null; kind: SetKind; count: number }[] = await sets.dailyCounts(kinds.map((k) => k.kind));
      for (const { kind } of kinds) {
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
      const valueOf = new Map<string | null, number>();
      for (const row of values.rows) {
        if (row.currency === currency) valueOf.set(row.day, num(row.value));
        else figuresOf(row.day).otherCurrencies[row.currency] = num(row.value);
      }
      for (const row of sums.rows) {
        figuresOf(row.day).sums = sumsFromRow('project', row, { conversionValue: valueOf.get(row.day) ?? 0 });
      }
      for (const [day, value] of valueOf) figuresOf(day).sums.conversionValue = value;
      const nameOf = new Map(kinds.map((k) => [k.kind, k.name]));
      for (const row of members) {
        const name = nameOf.get(row.kind);
        if (name !== undefined) figuresOf(row.day).distincts[name] = row.count;
      }
      return { totals, days };
    });
  }

  /**
   * Video and slot figures over the range, with catalog titles: the first `limit` videos by
   * plays (then id), the rest folded into one `other` whose distinct figures are counted over
   * the union of their members.
   */
  videos(scope: StatsScope, currency: string, limit: number): Promise<VideosFigures> {
    return this.snapshot(async (client) => {
      const params = rangeParams(scope);
      const sums = await client.query<SumRow & { video_id: string; slot_id: string | null }>(
        `select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, ${sumSelectList('video')}
           from daily_slot where ${RANGE}
          group by grouping sets ((video_id, slot_id), (video_id))`,
        params,
      );
      if (sums.rows.length === 0) return { videos: [], other: undefined };
      const values = await client.query<{ video_id: string; slot_id: string | null; value: string }>(
        `select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, round(sum(value), 4)::text as value
           from daily_conversion_values where ${RANGE} and currency = $5
          group by grouping sets ((video_id, slot_id), (video_id))`,
        [...params, currency],
      );
      const keyOf = (r: { video_id: string; slot_id: string | null }) => (r.slot_id === null ? videoScope(r.video_id) : slotScope(r.video_id, r.slot_id));
      const valueOf = new Map(values.rows.map((r) => [keyOf(r), num(r.value)]));
      const figures = new Map<string, VideoLevelFigures>();
      for (const row of sums.rows) {
        const key = keyOf(row);
        figures.set(key, { sums: sumsFromRow('video', row, { conversionValue: valueOf.get(key) ?? 0 }), distincts: zeroDistincts('video') });
      }
      const videoIds = sums.rows
        .filter((r) => r.slot_id === null)
        .map((r) => ({ id: r.video_id, plays: figures.get(videoScope(r.video_id))?.sums.plays ?? 0 }))
        .sort((a, b) => b.plays - a.plays || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((v) => v.id);
      const listed = videoIds.slice(0, limit);
      const rest = videoIds.slice(limit);

      // Distinct figures of listed videos and slots; of the rest, only their union.
      const listedSet = new Set(listed);
      const sets = new MemberSets(client, scope);
      const scopes = sums.rows.filter((r) => listedSet.has(r.video_id)).map(keyOf);
      const restScopes = rest.map(videoScope);
      const other: VideoLevelFigures | undefined = rest.length === 0 ? undefined : { sums: zeroSums('video'), distincts: zeroDistincts('video') };
      for (const { name, kind } of distinctKinds('video')) {
        for (const [key, count] of await sets.rangeCounts(kind, scopes)) {
          const f = figures.get(key);
          if (f) f.distincts[name] = count;
        }
        if (other) other.distincts[name] = unionCardinality([...(await sets.rangeSets(kind, restScopes)).values()].flat());
      }
      if (other) {
        for (const id of rest) {
          const f = figures.get(videoScope(id));
          for (const key of Object.keys(other.sums) as (keyof typeof other.sums)[]) other.sums[key] += f?.sums[key] ?? 0;
        }
      }

      const titles = await client.query<{ video_id: string; title: string }>(
        `select video_id, title from videos where project_id = $1 and video_id = any($2::text[])`,
        [scope.projectId, listed],
      );
      const titleOf = new Map(titles.rows.map((r) => [r.video_id, r.title]));
      const figuresAt = (key: string): VideoLevelFigures => figures.get(key) ?? { sums: zeroSums('video'), distincts: zeroDistincts('video') };
      const videos = new Map<string, VideoRow>(
        listed.map((videoId) => [videoId, { videoId, title: titleOf.get(videoId) ?? null, ...figuresAt(videoScope(videoId)), slots: [] }]),
      );
      for (const row of sums.rows) {
        const video = videos.get(row.video_id);
        if (video && row.slot_id !== null) video.slots.push({ videoId: row.video_id, slotId: row.slot_id, ...figuresAt(keyOf(row)) });
      }
      return { videos: [...videos.values()], other };
    });
  }

  /** Several statements that must agree with each other (series and totals) see one snapshot. */
  snapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
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
  return { sums: zeroSums('project'), distincts: zeroDistincts('project'), otherCurrencies: {} };
}
