import type pg from 'pg';
import { unionCardinality } from '../../shared/sets/bitmap.js';
import type { SetKind } from '../../shared/sets/kinds.js';
import { monthStampSql } from '../../shared/sets/monthStamp.js';
import { daysOutsideMonths } from './dayRuns.js';
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
    return (await this.rangeCountsOfKinds([kind], scopes)).get(kind) ?? new Map<string, number>();
  }

  /** `rangeCounts` of several kinds read in one statement, per kind then per set scope. */
  async rangeCountsOfKinds(kinds: readonly SetKind[], scopes: readonly string[] | null): Promise<Map<SetKind, Map<string, number>>> {
    const counts = new Map<SetKind, Map<string, number>>();
    for (const [kind, perScope] of await this.rangeSetsOfKinds(kinds, scopes)) {
      const ofKind = new Map<string, number>();
      for (const [scope, sets] of perScope) ofKind.set(scope, unionCardinality(sets));
      counts.set(kind, ofKind);
    }
    return counts;
  }

  /** The stored sets that cover the range, per set scope of `kind`, for callers that union across scopes. */
  async rangeSets(kind: SetKind, scopes: readonly string[] | null): Promise<Map<string, Buffer[]>> {
    return (await this.rangeSetsOfKinds([kind], scopes)).get(kind) ?? new Map<string, Buffer[]>();
  }

  /**
   * `rangeSets` of several kinds in one statement (one round trip and one plan instead of one
   * per kind), per kind then per set scope; a kind without stored sets has no entry.
   *
   * Every wanted (kind, scope, bot flag) is looked up on its own through the primary key
   * (project, kind, scope, day or month, is_bot): merged months among its few months, day sets
   * by their runs of days outside those months: a plan that stays one index seek per wanted
   * stretch even when the planner has no statistics, instead of reading every set of a kind
   * over the range and filtering (which fetched three times the rows it kept).
   * OFFSET 0 keeps each lateral lookup from being flattened into a join the planner could hash;
   * `month + 0` keeps the (project, month) index, which would read every kind and scope of the
   * month, out of the monthly lookup (a wanted set has a handful of months, filtered in the key's range).
   */
  async rangeSetsOfKinds(kinds: readonly SetKind[], scopes: readonly string[] | null): Promise<Map<SetKind, Map<string, Buffer[]>>> {
    const months = await this.validMonths();
    const runs = daysOutsideMonths(this.scope.from, this.scope.to, months);
    const wanted = `unnest($2::int2[]) as k(kind) cross join unnest($4::boolean[]) as b(is_bot)${scopes === null ? '' : ' cross join unnest($7::text[]) as w(scope)'}`;
    const scoped = scopes === null ? '' : ' and scope = w.scope';
    const { rows } = await this.client.query<{ kind: SetKind; scope: string; members: Buffer }>(
      `select s.kind::int as kind, s.scope, s.members
         from ${wanted}
         cross join lateral (select kind, scope, members from monthly_sets
            where project_id = $1 and kind = k.kind${scoped} and is_bot = b.is_bot and (month + 0) = any($3::date[]) offset 0) s
       union all
       select s.kind::int, s.scope, s.members
         from ${wanted} cross join unnest($5::date[], $6::date[]) as r(lo, hi)
         cross join lateral (select kind, scope, members from daily_sets
            where project_id = $1 and kind = k.kind${scoped} and day between r.lo and r.hi and is_bot = b.is_bot offset 0) s`,
      [this.scope.projectId, kinds, months, rangeParams(this.scope)[3], runs.from, runs.to, ...(scopes === null ? [] : [[...new Set(scopes)]])],
    );
    const byKind = new Map<SetKind, Map<string, Buffer[]>>();
    for (const row of rows) {
      let sets = byKind.get(row.kind);
      if (!sets) byKind.set(row.kind, (sets = new Map<string, Buffer[]>()));
      const list = sets.get(row.scope);
      if (list) list.push(row.members);
      else sets.set(row.scope, [row.members]);
    }
    return byKind;
  }

  /**
   * Distinct members of each day of the range for project-wide sets of several kinds. Without
   * bots a day's count is stored beside its set; with bots the two sets of a day are unioned.
   */
  async dailyCounts(kinds: readonly SetKind[]): Promise<{ day: string; kind: SetKind; count: number }[]> {
    const { rows } = await this.client.query<{ day: string; kind: SetKind; is_bot: boolean; cardinality: number; members: Buffer | null }>(
      `select to_char(day, 'YYYY-MM-DD') as day, kind::int as kind, is_bot, cardinality, case when $6 then members end as members
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
        `select to_char(m.month, 'YYYY-MM-DD') as month from rollup_months m
          where m.project_id = $1 and m.month >= $2::date and (m.month + interval '1 month')::date <= $3::date + 1
            and m.stamp = ${monthStampSql('$1', 'm.month')}`,
        [this.scope.projectId, this.scope.from, this.scope.to],
      )
      .then((r) => r.rows.map((row) => row.month));
    return this.months;
  }
}
