import type pg from 'pg';
import { zeroDistincts, zeroSums } from '../../../shared/metrics/levels.js';
import { unionCardinality } from '../../../shared/sets/bitmap.js';
import { slotScope, videoScope } from '../../../shared/sets/kinds.js';
import type { StatsScope, VideoLevelFigures, VideoRow, VideosFigures } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { distinctKinds, num, sumSelectList, sumsFromRow } from '../metrics.js';
import type { SumRow } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';

/**
 * Video and slot figures over the range, with catalog titles: the first `limit` videos by
 * plays (then id) with their slots, and the rest folded into one `other` (sums in SQL,
 * distinct figures over the union of their members). Only listed videos' rows leave the
 * database, so a project with a hundred thousand video ids answers as fast as one with ten.
 * Runs inside the caller's snapshot.
 */
export async function queryVideos(client: pg.PoolClient, scope: StatsScope, currency: string, limit: number): Promise<VideosFigures> {
  const params = rangeParams(scope);
  const ranked = await client.query<{ video_id: string }>(
    `select video_id from daily_slot where ${RANGE} group by video_id order by sum(plays) desc, video_id collate "C"`,
    params,
  );
  if (ranked.rows.length === 0) return { videos: [], other: undefined };
  const listed = ranked.rows.slice(0, limit).map((r) => r.video_id);
  const restIds = ranked.rows.slice(limit).map((r) => r.video_id);
  const sums = await client.query<SumRow & { video_id: string; slot_id: string | null }>(
    `select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, ${sumSelectList('video')}
       from daily_slot where ${RANGE} and video_id = any($5::text[])
      group by grouping sets ((video_id, slot_id), (video_id))`,
    [...params, listed],
  );
  // Listed videos per slot and in all; the rest (video_id null) in one row.
  const values = await client.query<{ video_id: string | null; slot_id: string | null; value: string }>(
    `select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, round(sum(value), 4)::text as value
       from daily_conversion_values where ${RANGE} and currency = $6 and video_id = any($5::text[])
      group by grouping sets ((video_id, slot_id), (video_id))
     union all
     select null, null, round(sum(value), 4)::text
       from daily_conversion_values where ${RANGE} and currency = $6 and not video_id = any($5::text[]) and $7`,
    [...params, listed, currency, restIds.length > 0],
  );
  const rest =
    restIds.length === 0
      ? undefined
      : (
          await client.query<SumRow>(`select ${sumSelectList('video')} from daily_slot where ${RANGE} and not video_id = any($5::text[])`, [
            ...params,
            listed,
          ])
        ).rows[0];

  const keyOf = (r: { video_id: string; slot_id: string | null }) => (r.slot_id === null ? videoScope(r.video_id) : slotScope(r.video_id, r.slot_id));
  const OTHER = '';
  const valueOf = new Map(values.rows.map((r) => [r.video_id === null ? OTHER : keyOf({ video_id: r.video_id, slot_id: r.slot_id }), num(r.value)]));
  const figures = new Map<string, VideoLevelFigures>();
  for (const row of sums.rows) {
    const key = keyOf(row);
    figures.set(key, { sums: sumsFromRow('video', row, { conversionValue: valueOf.get(key) ?? 0 }), distincts: zeroDistincts('video') });
  }
  const other: VideoLevelFigures | undefined =
    rest === undefined ? undefined : { sums: sumsFromRow('video', rest, { conversionValue: valueOf.get(OTHER) ?? 0 }), distincts: zeroDistincts('video') };

  const sets = new MemberSets(client, scope);
  const scopes = sums.rows.map(keyOf);
  const kinds = distinctKinds('video');
  const counts = await sets.rangeCountsOfKinds(
    kinds.map((k) => k.kind),
    scopes,
  );
  const restSets = other ? await sets.rangeSetsOfKinds(kinds.map((k) => k.kind), restIds.map(videoScope)) : undefined;
  for (const { name, kind } of kinds) {
    for (const [key, n] of counts.get(kind) ?? []) {
      const f = figures.get(key);
      if (f) f.distincts[name] = n;
    }
    if (other) other.distincts[name] = unionCardinality([...(restSets?.get(kind)?.values() ?? [])].flat());
  }

  const titles = await client.query<{ video_id: string; title: string }>(
    `select video_id, title from videos where project_id = $1 and video_id = any($2::text[])`,
    [scope.projectId, listed],
  );
  const titleOf = new Map(titles.rows.map((r) => [r.video_id, r.title]));
  const figuresAt = (key: string): VideoLevelFigures => figures.get(key) ?? { sums: zeroSums('video'), distincts: zeroDistincts('video') };
  const videos = new Map<string, VideoRow>(listed.map((videoId) => [videoId, { videoId, title: titleOf.get(videoId) ?? null, ...figuresAt(videoScope(videoId)), slots: [] }]));
  for (const row of sums.rows) {
    const video = videos.get(row.video_id);
    if (video && row.slot_id !== null) video.slots.push({ videoId: row.video_id, slotId: row.slot_id, ...figuresAt(keyOf(row)) });
  }
  return { videos: [...videos.values()], other };
}
