import type pg from 'pg';
import { zeroDistincts, zeroSums } from '../../../shared/metrics/levels.js';
import { unionCardinality } from '../../../shared/sets/bitmap.js';
import { slotScope, videoScope } from '../../../shared/sets/kinds.js';
import type { StatsScope, VideoLevelFigures, VideoRow, VideosFigures } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { distinctKinds, num, sumSelectList, sumsFromRow } from '../metrics.js';
import type { SumRow } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';

/** The range's videos by plays (then id); $5 the limit. */
const RANKED = `ranked as (
    select video_id, row_number() over (order by sum(plays) desc, video_id collate "C") <= $5 as listed
      from daily_slot where ${RANGE} group by video_id
  )`;

/**
 * Video and slot figures over the range, with catalog titles: the first `limit` videos by
 * plays (then id) with their slots, and the rest folded into one `other` (sums in SQL,
 * distinct figures over the union of their members). Only listed videos' rows leave the
 * database, so a project with a hundred thousand video ids answers as fast as one with ten.
 * Runs inside the caller's snapshot.
 */
export async function queryVideos(client: pg.PoolClient, scope: StatsScope, currency: string, limit: number): Promise<VideosFigures> {
  const params = [...rangeParams(scope), limit];
  const sums = await client.query<SumRow & { video_id: string; slot_id: string | null }>(
    `with ${RANKED}
     select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, ${sumSelectList('video')}
       from daily_slot where ${RANGE} and video_id in (select video_id from ranked where listed)
      group by grouping sets ((video_id, slot_id), (video_id))`,
    params,
  );
  // Listed videos per slot and in all; the rest (video_id null) in one row.
  const values = await client.query<{ video_id: string | null; slot_id: string | null; value: string }>(
    `with ${RANKED},
     v as (
       select case when r.listed then video_id end as video_id, slot_id, value
         from daily_conversion_values join ranked r using (video_id)
        where ${RANGE} and currency = $6
     )
     select video_id, case when grouping(slot_id) = 0 then slot_id end as slot_id, round(sum(value), 4)::text as value
       from v group by grouping sets ((video_id, slot_id), (video_id))
     having video_id is not null or grouping(slot_id) = 1`,
    [...params, currency],
  );
  const rest = await client.query<SumRow & { video_id: string[] | null }>(
    `with ${RANKED}
     select array(select video_id from ranked where not listed) as video_id, ${sumSelectList('video')}
       from daily_slot where ${RANGE} and video_id in (select video_id from ranked where not listed)`,
    params,
  );

  const keyOf = (r: { video_id: string; slot_id: string | null }) => (r.slot_id === null ? videoScope(r.video_id) : slotScope(r.video_id, r.slot_id));
  const OTHER = '';
  const valueOf = new Map(values.rows.map((r) => [r.video_id === null ? OTHER : keyOf({ video_id: r.video_id, slot_id: r.slot_id }), num(r.value)]));
  const figures = new Map<string, VideoLevelFigures>();
  for (const row of sums.rows) {
    const key = keyOf(row);
    figures.set(key, { sums: sumsFromRow('video', row, { conversionValue: valueOf.get(key) ?? 0 }), distincts: zeroDistincts('video') });
  }
  const restRow = rest.rows[0];
  const restIds = restRow?.video_id ?? [];
  const other: VideoLevelFigures | undefined =
    restRow === undefined || restIds.length === 0
      ? undefined
      : { sums: sumsFromRow('video', restRow, { conversionValue: valueOf.get(OTHER) ?? 0 }), distincts: zeroDistincts('video') };

  const sets = new MemberSets(client, scope);
  const scopes = sums.rows.map(keyOf);
  for (const { name, kind } of distinctKinds('video')) {
    for (const [key, n] of await sets.rangeCounts(kind, scopes)) {
      const f = figures.get(key);
      if (f) f.distincts[name] = n;
    }
    if (other) other.distincts[name] = unionCardinality([...(await sets.rangeSets(kind, restIds.map(videoScope))).values()].flat());
  }

  const listed = sums.rows.filter((r) => r.slot_id === null).map((r) => r.video_id);
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
