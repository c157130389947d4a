import type pg from 'pg';
import { withTransaction } from '../../shared/db/transaction.js';
import { zeroDistincts, zeroSums } from '../../shared/metrics/levels.js';
import { PROJECT_SCOPE, type SetKind } from '../../shared/sets/kinds.js';
import type { DayFigures, Freshness, OverviewFigures, StatsScope } from './figures.js';
import { MemberSets } from './memberSets.js';
import { distinctKinds, num, sumSelectList, sumsFromRow } from './metrics.js';
import { RANGE, rangeParams } from './range.js';

/**
 * The ETag's inputs and the overview: the daily rollup tables, one project at a time, over an
 * inclusive range of local days, with bot rows included only on request. Figures are exact:
 * sums of integers and of `numeric`, and distinct counts as the size of the union of the
 * range's member sets (memberSets.ts). Which figures are read comes from the metric registry.
 * The lists (videos, pages, transitions, goals) have their own files under reports/.
 */

export type SumRow = Record<string, string | null>;

/** What a single statement runs on: the pool, or the connection of a snapshot already open. */
export type Queryable = Pick<pg.Pool, 'query'>;

export class StatsQueries {
  /** Single statements go here: the pool, or the connection of the snapshot this instance is bound to. */
  readonly pool: Queryable;

  /** `snapshotClient` is set only by `inOneSnapshot`, for queries bound to its transaction. */
  constructor(
    private readonly source: pg.Pool,
    private readonly snapshotClient?: pg.PoolClient,
  ) {
    this.pool = snapshotClient ?? source;
  }

  /** The ETag inputs and the last rollup time, read before any figure: index lookups in one round trip. */
  async freshness(projectId: string, from: string, to: string): Promise<Freshness> {
    const stamp = (table: string) => `(select coalesce((extract(epoch from max(updated_at)) * 1000000)::bigint, 0)::text || '/' || count(*)::text
            from ${table} where project_id = $1)`;
    const { rows } = await this.pool.query<Freshness>(
      `select
         (select coalesce(max(seq), 0)::text || '/' || count(*)::text
            from rollup_days where project_id = $1 and day between $2::date and $3::date) as rollups,
         (select max(rolled_at) from rollup_days where project_id = $1 and day between $2::date and $3::date) as "rolledAt",
         ${stamp('videos')} as videos, ${stamp('slots')} as slots, ${stamp('conversion_rules')} as rules`,
      [projectId, from, to],
    );
    const row = rows[0];
    if (!row) throw new Error('freshness query returned no row');
    return row;
  }

  /** Project figures per day and over the whole range, read from one snapshot. */
  overview(scope: StatsScope, currency: string): Promise<OverviewFigures> {
    return this.snapshot((client) => overviewIn(client, scope, currency));
  }

  /** Several statements that must agree with each other (series and totals) see one snapshot. */
  snapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.inOneSnapshot((bound) => work(bound.snapshotClient as pg.PoolClient));
  }

  /**
   * Runs `work` with queries that all read one snapshot: one connection, one repeatable-read,
   * read-only transaction (which a hot standby serves too). The ETag inputs and the figures of
   * one answer are read this way, so the tag never names other data than the body holds, even
   * on a replica that is replaying WAL meanwhile. Already bound: the same snapshot.
   */
  inOneSnapshot<T>(work: (queries: StatsQueries) => Promise<T>): Promise<T> {
    if (this.snapshotClient) return work(this);
    return withTransaction(
      this.source,
      async (client) => {
        // JIT compilation costs seconds on these statements and saves nothing at their size.
        await client.query('set local jit = off');
        return work(new StatsQueries(this.source, client));
      },
      { isolation: 'repeatable read', readOnly: true },
    );
  }
}

/** Project figures per day and over the whole range, inside the caller's snapshot. */
export async function overviewIn(client: pg.PoolClient, scope: StatsScope, currency: string): Promise<OverviewFigures> {
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
  const rangeCounts = await sets.rangeCountsOfKinds(
    kinds.map((k) => k.kind),
    [PROJECT_SCOPE],
  );
  for (const { kind } of kinds) members.push({ day: null, kind, count: rangeCounts.get(kind)?.get(PROJECT_SCOPE) ?? 0 });

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
  for (const row of sums.rows) figuresOf(row.day).sums = sumsFromRow('project', row, {});
  // Read from the per-currency rows, after the sums they belong to.
  for (const [day, value] of valueOf) figuresOf(day).sums.conversionValue = value;
  const nameOf = new Map(kinds.map((k) => [k.kind, k.name]));
  for (const row of members) {
    const name = nameOf.get(row.kind);
    if (name !== undefined) figuresOf(row.day).distincts[name] = row.count;
  }
  return { totals, days };
}

function emptyDay(): DayFigures {
  return { sums: zeroSums('project'), distincts: zeroDistincts('project'), otherCurrencies: {} };
}
