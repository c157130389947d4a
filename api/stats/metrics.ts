import type { AdditiveMetric, Level } from '../../shared/metrics/define.js';
import type { SetKind } from '../../shared/sets/kinds.js';
import { additiveAt, distinctAt, type Distincts, type Sums } from '../../shared/metrics/levels.js';

/**
 * The stats side of the metric registry: the SQL select list that sums a level's additive
 * columns over a range, and the mapping of its rows back to figures. Every value is selected
 * as text under the figure's own name, so the row type is what the driver really returns;
 * numbers are converted in one place.
 */

type StoredLevel = 'project' | 'video';

/** Additive figures read from the daily table of a level (video rows are sums of slot rows). */
function storedSums(level: StoredLevel): readonly AdditiveMetric[] {
  return additiveAt(level).filter((m) => m.readFrom === undefined);
}

/**
 * `sum(column)::text as "name"` for every additive figure stored at the level, summed exactly.
 * `everyColumn`: also the figures the daily tables read from elsewhere (conversionValue), for
 * tables that keep them in a column of their own (the breakdowns).
 */
export function sumSelectList(level: StoredLevel, options: { everyColumn?: boolean } = {}): string {
  return (options.everyColumn === true ? additiveAt(level) : storedSums(level))
    .map((m) => (m.type === 'decimal' ? `round(sum(${m.column}::numeric), 4)::text as "${m.name}"` : `sum(${m.column})::text as "${m.name}"`))
    .join(',\n  ');
}

/** A bigint or numeric sum as text (null for the sum of no rows) to a JSON number. */
export function num(value: string | null | undefined): number {
  return value == null ? 0 : Number(value);
}

/**
 * The sums of a row selected with `sumSelectList`; figures read from elsewhere
 * (conversionValue, from the per-currency table) are given by the caller.
 */
export function sumsFromRow<L extends StoredLevel>(level: L, row: Readonly<Record<string, unknown>>, others: Partial<Sums<L>>): Sums<L> {
  const sums: Record<string, number> = {};
  for (const m of additiveAt(level)) {
    const value = row[m.name];
    sums[m.name] = typeof value === 'string' ? num(value) : 0;
  }
  return { ...(sums as Sums<L>), ...others };
}

/** The set kinds of a level's distinct figures, with the figure each one answers. */
export function distinctKinds<L extends Level>(level: L): readonly { name: keyof Distincts<L>; kind: SetKind }[] {
  return distinctAt(level).map((m) => ({ name: m.name as keyof Distincts<L>, kind: m.setKind as SetKind }));
}
