import type { AdditiveMetric, DistinctMetric, Level, RatioMetric } from './define.js';
import { METRICS, type Metric, type MetricName } from './registry.js';

/**
 * The registry seen per level: which figures a project, a video or a slot has, as values for
 * the generators and as types for the code that reads them.
 */

type Additive = Extract<Metric, { kind: 'additive' }>;
type Distinct = Extract<Metric, { kind: 'distinct' }>;
type Ratio = Extract<Metric, { kind: 'ratio' }>;

/** Additive figures are stored at project and slot level; a video is the sum of its slots. */
type AdditiveLevels<M extends Additive> = 'project' | ('slot' extends M['levels'][number] ? 'video' | 'slot' : never);

type NamesAt<L extends Level, M = Metric> = M extends Additive
  ? L extends AdditiveLevels<M> ? M['name'] : never
  : M extends Distinct
    ? L extends M['levels'][number] ? M['name'] : never
    : never;

export type AdditiveName<L extends Level> = Extract<NamesAt<L>, Additive['name']>;
export type DistinctName<L extends Level> = Extract<NamesAt<L>, Distinct['name']>;
/** A ratio exists where both of its figures do. */
export type RatioName<L extends Level, M = Ratio> = M extends Ratio
  ? M['numerator'] extends NamesAt<L> ? (M['denominator'] extends NamesAt<L> ? M['name'] : never) : never
  : never;

/** Additive figures of one level, summed over a range. */
export type Sums<L extends Level> = Record<AdditiveName<L>, number>;
/** Distinct figures of one level, counted over a range. */
export type Distincts<L extends Level> = Record<DistinctName<L>, number>;
/** Every figure of one level: sums, distinct counts and ratios (null over a zero denominator). */
export type Figures<L extends Level> = Sums<L> & Distincts<L> & Record<RatioName<L>, number | null>;

const isAdditive = (m: Metric): m is Additive => m.kind === 'additive';
const isDistinct = (m: Metric): m is Distinct => m.kind === 'distinct';
const isRatio = (m: Metric): m is Ratio => m.kind === 'ratio';

function hasLevel(metric: AdditiveMetric | DistinctMetric, level: Level): boolean {
  const levels: readonly Level[] = metric.levels;
  return metric.kind === 'additive' && level === 'video' ? levels.includes('slot') : levels.includes(level);
}

const byName = new Map<string, Metric>(METRICS.map((m) => [m.name, m]));

export function metricNamed(name: MetricName): Metric {
  const metric = byName.get(name);
  if (!metric) throw new Error(`no metric named ${name}`);
  return metric;
}

/** An additive figure's day aggregate at a stored level: its slot variant, if any, at slot level. */
export function aggregateAt(metric: AdditiveMetric, level: 'project' | 'slot'): string {
  return level === 'slot' ? (metric.slotAggregate ?? metric.aggregate) : metric.aggregate;
}

export function additiveAt(level: Level): readonly AdditiveMetric[] {
  return METRICS.filter(isAdditive).filter((m) => hasLevel(m, level));
}

export function distinctAt(level: Level): readonly DistinctMetric[] {
  return METRICS.filter(isDistinct).filter((m) => hasLevel(m, level));
}

export function ratiosAt(level: Level): readonly RatioMetric[] {
  const present = new Set([...additiveAt(level), ...distinctAt(level)].map((m) => m.name));
  return METRICS.filter(isRatio).filter((m) => present.has(m.numerator) && present.has(m.denominator));
}

/** Every figure of a level in registry order (the order of fields in answers). */
export function metricsAt(level: Level): readonly (AdditiveMetric | DistinctMetric | RatioMetric)[] {
  const names = new Set([...additiveAt(level), ...distinctAt(level), ...ratiosAt(level)].map((m) => m.name));
  return METRICS.filter((m) => names.has(m.name));
}

export function zeroSums<L extends Level>(level: L): Sums<L> {
  return Object.fromEntries(additiveAt(level).map((m) => [m.name, 0])) as Sums<L>;
}

export function zeroDistincts<L extends Level>(level: L): Distincts<L> {
  return Object.fromEntries(distinctAt(level).map((m) => [m.name, 0])) as Distincts<L>;
}

/**
 * The figures of a level from its range sums and distinct counts: ratios divide range
 * figures (never an average of daily ratios) and are null when the denominator is 0.
 */
export function figuresOf<L extends Level>(level: L, sums: Sums<L>, distincts: Distincts<L>): Figures<L> {
  const known: Record<string, number> = { ...sums, ...distincts };
  const out: Record<string, number | null> = {};
  for (const m of metricsAt(level)) {
    if (m.kind === 'ratio') {
      const denominator = known[m.denominator] ?? 0;
      out[m.name] = denominator === 0 ? null : (known[m.numerator] ?? 0) / denominator;
    } else {
      out[m.name] = known[m.name] ?? 0;
    }
  }
  return out as Figures<L>;
}
