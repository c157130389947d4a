import type pg from 'pg';
import { breakdownScope, videoBreakdownScope, type Dimension } from '../../../shared/breakdowns/dimensions.js';
import { zeroDistincts, type Distincts, type Sums } from '../../../shared/metrics/levels.js';
import { unionCardinality } from '../../../shared/sets/bitmap.js';
import type { StatsScope } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { distinctKinds, num, sumSelectList, sumsFromRow } from '../metrics.js';
import type { SumRow } from '../queries.js';
import { RANGE, rangeParams } from '../range.js';
import { compareIds } from '../reports.js';

/**
 * Breakdown figures over a range (docs/architecture.md, "Breakdowns"), from daily_breakdown and
 * daily_video_breakdown: sums of the registry's columns, and distinct figures as the size of
 * the union of each value's member sets (scopes `b:` and `vb:`), so a range stays exact. Only
 * the listed values' rows and sets leave the database; the rest is summed there as `other`.
 * Runs inside the caller's snapshot.
 */

type BreakdownLevel = 'project' | 'video';

export interface BreakdownFigures<L extends BreakdownLevel> {
  sums: Sums<L>;
  distincts: Distincts<L>;
}

export interface ValueRow extends BreakdownFigures<'project'> {
  value: string;
  latitude: number | null;
  longitude: number | null;
}

/** Every additive figure of the level, read from the breakdown table's own column (conversion value included). */
const sumList = (level: BreakdownLevel) => sumSelectList(level, { everyColumn: true });

/** The listed values of one dimension, by sessions (then value), and the rest together. */
export async function queryBreakdown(
  client: pg.PoolClient,
  scope: StatsScope,
  dimension: Dimension,
  limit: number,
): Promise<{ rows: ValueRow[]; other: BreakdownFigures<'project'> | undefined }> {
  const params = [...rangeParams(scope), dimension.name];
  const { rows } = await client.query<SumRow & { value: string; latitude: number | null; longitude: number | null }>(
    `select value, ${sumList('project')}, avg(latitude)::real as latitude, avg(longitude)::real as longitude
       from daily_breakdown where ${RANGE} and dim = $5
      group by value
      order by sum(sessions) desc, value collate "C"`,
    params,
  );
  const listed = rows.slice(0, limit);
  const rest = rows.slice(limit);
  const restSums =
    rest.length === 0
      ? undefined
      : (
          await client.query<SumRow>(`select ${sumList('project')} from daily_breakdown where ${RANGE} and dim = $5 and not value = any($6::text[])`, [
            ...params,
            listed.map((r) => r.value),
          ])
        ).rows[0];

  const sets = new MemberSets(client, scope);
  const scopeOf = (value: string) => breakdownScope(dimension.name, value);
  const out: ValueRow[] = listed.map((r) => ({
    value: r.value,
    latitude: dimension.place ? r.latitude : null,
    longitude: dimension.place ? r.longitude : null,
    sums: sumsFromRow('project', r, {}),
    distincts: zeroDistincts('project'),
  }));
  const other: BreakdownFigures<'project'> | undefined = restSums ? { sums: sumsFromRow('project', restSums, {}), distincts: zeroDistincts('project') } : undefined;
  for (const { name, kind } of distinctKinds('project')) {
    const found = await sets.rangeSets(kind, rows.map((r) => scopeOf(r.value)));
    for (const row of out) row.distincts[name] = unionCardinality(found.get(scopeOf(row.value)) ?? []);
    if (other) other.distincts[name] = unionCardinality(rest.flatMap((r) => found.get(scopeOf(r.value)) ?? []));
  }
  return { rows: out, other };
}

export interface VideoInGroup extends BreakdownFigures<'video'> {
  videoId: string;
}

export interface VideoGroup {
  value: string;
  videos: VideoInGroup[];
  /** The group's videos past the limit, together. */
  other: BreakdownFigures<'video'> | undefined;
}

/**
 * Video figures per value of a per-video dimension: the first `limit` values by plays (then
 * value), each with its first `limit` videos by plays (then id) and the rest of its videos
 * together; the values past the limit together as `other`.
 */
export async function queryVideoBreakdown(
  client: pg.PoolClient,
  scope: StatsScope,
  dimension: Dimension,
  limit: number,
): Promise<{ groups: VideoGroup[]; other: BreakdownFigures<'video'> | undefined }> {
  const params = [...rangeParams(scope), dimension.name];
  const { rows } = await client.query<SumRow & { value: string; video_id: string }>(
    `select value, video_id, ${sumList('video')}
       from daily_video_breakdown where ${RANGE} and dim = $5
      group by value, video_id`,
    params,
  );
  const plays = new Map<string, number>();
  for (const r of rows) plays.set(r.value, (plays.get(r.value) ?? 0) + num(r.plays));
  const values = [...plays.keys()].sort((a, b) => (plays.get(b) ?? 0) - (plays.get(a) ?? 0) || compareIds(a, b));
  const listed = new Set(values.slice(0, limit));

  const sets = new MemberSets(client, scope);
  const kinds = distinctKinds('video');
  const setsOf = new Map<number, Map<string, Buffer[]>>();
  for (const { kind } of kinds) setsOf.set(kind, await sets.rangeSets(kind, rows.map((r) => videoBreakdownScope(dimension.name, r.value, r.video_id))));
  const distinctsOf = (members: readonly SumRow[]): Distincts<'video'> => {
    const d = zeroDistincts('video');
    for (const { name, kind } of kinds) {
      const found = setsOf.get(kind);
      d[name] = unionCardinality(members.flatMap((r) => found?.get(videoBreakdownScope(dimension.name, r.value ?? '', r.video_id ?? '')) ?? []));
    }
    return d;
  };
  const together = (members: readonly SumRow[]): BreakdownFigures<'video'> | undefined => {
    if (members.length === 0) return undefined;
    const sums = sumsFromRow('video', {}, {});
    for (const r of members) {
      const one = sumsFromRow('video', r, {});
      for (const key of Object.keys(sums) as (keyof typeof sums)[]) sums[key] = round4(sums[key] + one[key]);
    }
    return { sums, distincts: distinctsOf(members) };
  };

  const groups: VideoGroup[] = [...listed].map((value) => {
    const members = rows
      .filter((r) => r.value === value)
      .sort((a, b) => num(b.plays) - num(a.plays) || compareIds(a.video_id, b.video_id));
    return {
      value,
      videos: members.slice(0, limit).map((r) => ({ videoId: r.video_id, sums: sumsFromRow('video', r, {}), distincts: distinctsOf([r]) })),
      other: together(members.slice(limit)),
    };
  });
  return { groups, other: together(rows.filter((r) => !listed.has(r.value))) };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

