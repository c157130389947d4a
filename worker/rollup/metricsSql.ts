import type { AdditiveMetric, Source } from '../../shared/metrics/define.js';
import { additiveAt, aggregateAt } from '../../shared/metrics/levels.js';

/**
 * The additive rows of one day (daily_project and daily_slot), generated from the metric
 * registry: each source table contributes the aggregates of its metrics under their column
 * names and a typed zero for every other column; the parts are then summed per key. $1
 * project id, $2 the local day. Reads the staged tables (stageSql.ts, conversionsSql.ts).
 */

/** The staged table of each source; every one has `is_bot`, `session_id`, `video_id`, `slot_id`. */
export const SOURCE_TABLE: Record<Source, string> = {
  events: 'day_events',
  plays: 'day_plays',
  milestones: 'day_milestones',
  conversions: 'day_conversions',
  sessions: 'day_sessions',
};

const SOURCES = Object.keys(SOURCE_TABLE) as Source[];

type StoredLevel = 'project' | 'slot';

/** The key columns of a level, and what a source row must have to take part in it. */
const LEVEL: Record<StoredLevel, { table: string; keys: readonly string[]; where: string }> = {
  project: { table: 'daily_project', keys: ['is_bot'], where: 'true' },
  slot: { table: 'daily_slot', keys: ['video_id', 'slot_id', 'is_bot'], where: 'video_id is not null' },
};

function sourcePart(source: Source, level: StoredLevel, metrics: readonly AdditiveMetric[]): string | undefined {
  if (!metrics.some((m) => m.source === source)) return undefined;
  const { keys, where } = LEVEL[level];
  const columns = metrics.map((m) => (m.source === source ? `${aggregateAt(m, level)}::${m.sqlType}` : `0::${m.sqlType}`) + ` as ${m.column}`);
  return `select ${[...keys, ...columns].join(', ')}
    from ${SOURCE_TABLE[source]} where ${where}
    group by ${keys.join(', ')}`;
}

/**
 * The INSERT that writes one level's rows of the day. A key whose figures are all zero (a
 * day of page views only, or a play whose start moved to another day) gets no row.
 */
export function insertDayMetricsSql(level: StoredLevel): string {
  const metrics = additiveAt(level);
  const { table, keys } = LEVEL[level];
  const parts = SOURCES.flatMap((s) => sourcePart(s, level, metrics) ?? []);
  const columns = metrics.map((m) => m.column);
  return `insert into ${table} (project_id, day, ${[...keys, ...columns].join(', ')})
  select $1::uuid, $2::date, ${[...keys, ...columns.map((c) => `sum(${c})`)].join(', ')}
  from (
    ${parts.join('\n    union all\n    ')}
  ) parts
  group by ${keys.join(', ')}
  having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')}`;
}

export const INSERT_DAY_PROJECT_SQL = insertDayMetricsSql('project');
export const INSERT_DAY_SLOT_SQL = insertDayMetricsSql('slot');
