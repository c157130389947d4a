import type { AdditiveMetric, Source } from '../../shared/metrics/define.js';
import { additiveAt } from '../../shared/metrics/levels.js';
import { REFERRER_SOURCES } from '../../shared/sessions/columns.js';
import { SOURCE_TABLE } from './metricsSql.js';

/**
 * The day's hourly rows (hourly_project), generated from the metric registry like the daily
 * ones (metricsSql.ts): every project-level additive figure, per local hour of the row's `at`
 * (date_trunc in the project's zone, so a repeated DST hour is two hours, each with its own
 * offset); plus the hour's distinct visitors and openers and its sessions per source class
 * (a column sessions_<class> each), which the site answer needs per hour. $1 project id, $2 the local day.
 */

interface Extra {
  column: string;
  source: Source;
  aggregate: string;
}

const EXTRAS: readonly Extra[] = [
  { column: 'visitors', source: 'events', aggregate: 'count(distinct visitor_id)' },
  { column: 'openers', source: 'events', aggregate: `count(distinct visitor_id) filter (where type = 'widget_open')` },
  ...REFERRER_SOURCES.map((c): Extra => ({ column: `sessions_${c}`, source: 'sessions', aggregate: `count(*) filter (where referrer_source = '${c}')` })),
];

/** Every column an hourly row has besides its keys; the distinct counts come from one part each, so summing the parts is exact. */
export const HOURLY_COLUMNS: readonly string[] = [...additiveAt('project').map((m) => m.column), ...EXTRAS.map((e) => e.column)];

const HOUR = `date_trunc('hour', at, (select timezone from projects where id = $1::uuid))`;

function part(source: Source, metrics: readonly AdditiveMetric[]): string | undefined {
  if (!metrics.some((m) => m.source === source) && !EXTRAS.some((e) => e.source === source)) return undefined;
  const columns = [
    ...metrics.map((m) => (m.source === source ? `${m.aggregate}::${m.sqlType}` : `0::${m.sqlType}`) + ` as ${m.column}`),
    ...EXTRAS.map((e) => (e.source === source ? `${e.aggregate}::bigint` : `0::bigint`) + ` as ${e.column}`),
  ];
  return `select ${HOUR} as hour, is_bot, ${columns.join(', ')}
    from ${SOURCE_TABLE[source]}
    group by 1, 2`;
}

export function insertHourlySql(): string {
  const metrics = additiveAt('project');
  const parts = (Object.keys(SOURCE_TABLE) as Source[]).flatMap((s) => part(s, metrics) ?? []);
  return `insert into hourly_project (project_id, day, hour, is_bot, ${HOURLY_COLUMNS.join(', ')})
  select $1::uuid, $2::date, hour, is_bot, ${HOURLY_COLUMNS.map((c) => `sum(${c})`).join(', ')}
  from (
    ${parts.join('\n    union all\n    ')}
  ) parts
  group by hour, is_bot
  having ${HOURLY_COLUMNS.map((c) => `sum(${c}) <> 0`).join(' or ')}`;
}

export const INSERT_HOURLY_SQL = insertHourlySql();
