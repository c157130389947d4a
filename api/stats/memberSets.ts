import type pg from 'pg';
import { unionCardinality } from '../../shared/sets/bitmap.js';
import type { SetKind } from '../../shared/sets/kinds.js';
import { monthStampSql } from '../../shared/sets/monthStamp.js';
import { runs } from '../../shared/sets/runs.js';
import type { StatsScope } from './figures.js';
import { RANGE, rangeParams } from './range.js';

/**
 * Distinct counts from the member sets, exact: a range count is the size of the union of the
 * range's sets, never a sum. Whole months inside the range read their pre-merged set when it
 * is still valid (its stamp equals the month's rollup stamp), the other days read day sets,
 * so a year reads about a dozen months and its edge days instead of 365 days.
 *
 * Used inside the caller's snapshot, so every count agrees with the sums read beside it.
 */
export class MemberSets {
  private months: Promise<string[]> | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly scope: StatsScope,
  ) {}

  /** Distinct members over the range per set scope of `kind` (all scopes when `scopes` is null). */
  async rangeCounts(kind: SetKind, scopes: readonly string[] | null): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const [scope, sets] of await this.rangeSets(kind, scopes)) counts.set(scope, unionCardinality(sets));
    return counts;
  }

  /** The stored sets that cover the range, per set scope of `kind`, for callers that union across scopes. */
  async rangeSets(kind: SetKind, scopes: readonly string[] | null): Promise<Map<string, Buffer[]>> {
    const months = await this.validMonths();
    const { rows } = await this.client.query<{ scope: string; members: Buffer }>(
      `select scope, members from monthly_sets
        where project_id = $1 and kind = $5 and month = any($7::date[]) and is_bot = any($4::boolean[])
          and ($6::text[] is null or scope = any($6::text[]))
       union all
       select scope, members from daily_sets
        where ${RANGE} and kind = $5
          and ($6::text[] is null or scope = any($6::text[]))
          and not date_trunc('month', day)::date = any($7::date[])`,
      [...rangeParams(this.scope), kind, scopes, months],
    );
    const sets = new Map<string, Buffer[]>();
    for (const row of rows) {
      const list = sets.get(row.scope);
      if (list) list.push(row.members);
      else sets.set(row.scope, [row.members]);
    }
    return sets;
  }

  /**
   * Distinct members of each day of the range for project-wide sets of several kinds. Without
   * bots a day's count is stored beside its set; with bots the two sets of a day are unioned.
   */
  async dailyCounts(kinds: readonly SetKind[]): Promise<{ day: string; kind: SetKind; count: number }[]> {
    const { rows } = await this.client.query<{ day: string; kind: SetKind; is_bot: boolean; cardinality: number; members: Buffer | null }>(
      `select day::text as day, kind::int as kind, is_bot, cardinality, case when $6 then members end as members
         from daily_sets
        where ${RANGE} and kind = any($5::int2[]) and scope = ''
        order by day, kind`,
      [...rangeParams(this.scope), kinds, this.scope.includeBots],
    );
    return runs(rows, (a, b) => a.day === b.day && a.kind === b.kind).map((group) => {
      const head = group[0];
      const count = group.length === 1 ? head.cardinality : unionCardinality(group.flatMap((r) => (r.members ? [r.members] : [])));
      return { day: head.day, kind: head.kind, count };
    });
  }

  /** First days of the months wholly inside the range whose merge matches their days' rollups. */
  private validMonths(): Promise<string[]> {
    this.months ??= this.client
      .query<{ month: string }>(
        `select m.month::text as month from rollup_months m
          where m.project_id = $1 and m.month >= $2::date and (m.month + interval '1 month')::date <= $3::date + 1
            and m.stamp = ${monthStampSql('$1', 'm.month')}`,
        [this.scope.projectId, this.scope.from, this.scope.to],
      )
      .then((r) => r.rows.map((row) => row.month));
    return this.months;
  }
}
