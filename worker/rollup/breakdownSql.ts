import { DIMENSIONS, NONE, VIDEO_DIMENSIONS, type Dimension } from '../../shared/breakdowns/dimensions.js';
import type { AdditiveMetric, DistinctMetric, Source } from '../../shared/metrics/define.js';
import { additiveAt, distinctAt } from '../../shared/metrics/levels.js';
import { NUMBERING } from '../../shared/sets/kinds.js';
import { OTHER_KEY } from './capsSql.js';
import { SOURCE_TABLE } from './metricsSql.js';

/**
 * The day's breakdowns (docs/architecture.md, "Breakdowns"): every figure of the project, and
 * every video figure, per value of each dimension of the session it happened in. Generated
 * from the metric registry and the dimension list, like daily_project: a new additive figure
 * is one more column here too. Reads the staged tables; $1 project id, $2 the local day.
 */

/** A stored value longer than this keeps its start, `…` and a hash, so it fits every index. */
const VALUE_CHARS = 512;
const HASH_HEX = 16;

/** One field of a dimension: the session's column, never holding the separator, `(none)` when missing. */
function fieldSql(column: string): string {
  return `coalesce(nullif(translate(s.${column}, chr(31), chr(65533)), ''), '${NONE}')`;
}

function valueSql(d: Dimension): string {
  return d.columns.map(fieldSql).join(` || chr(31) || `);
}

/**
 * `day_dims`: one row per (session, dimension) for every session the day's staged rows touch:
 * sessions that started on the day, and those of its events, plays, milestones and counted
 * conversions (which may have started days before). A session without a `sessions` row (or
 * stageSql's NO_SESSION) reads `(none)` everywhere, so its figures are still counted. $1 project id.
 */
export const DAY_DIMS_SQL = `create temp table day_dims on commit drop as
  select dim_session, dim_name,
    case when length(raw) <= ${VALUE_CHARS} then raw
      else left(raw, ${VALUE_CHARS - HASH_HEX - 1}) || '…' || left(encode(sha256(convert_to(raw, 'UTF8')), 'hex'), ${HASH_HEX}) end as dim_value,
    dim_latitude, dim_longitude
  from (
    select t.session_id as dim_session, v.dim_name, v.raw, v.dim_latitude, v.dim_longitude
    from (
      select session_id from day_events
      union select session_id from day_sessions
      union select session_id from day_plays
      union select session_id from day_milestones
      union select session_id from day_conversions
    ) t
    left join sessions s on s.project_id = $1::uuid and s.session_id = t.session_id
    cross join lateral (values
      ${DIMENSIONS.map((d) => `('${d.name}', ${valueSql(d)}, ${d.place ? 's.latitude' : 'null::real'}, ${d.place ? 's.longitude' : 'null::real'})`).join(',\n      ')}
    ) v(dim_name, raw, dim_latitude, dim_longitude)
  ) r`;

/**
 * Folds the values of each dimension past the day's cap ($1) into `(other)`, keeping the
 * values with the most sessions (ties by value, so a rollup is repeatable). Every figure of a
 * folded value is still counted, under `(other)`.
 */
export const FOLD_DIMS_SQL = `update day_dims d set dim_value = '${OTHER_KEY}', dim_latitude = null, dim_longitude = null
  from (
    select dim_name, dim_value from (
      select dim_name, dim_value, row_number() over (partition by dim_name order by count(*) desc, dim_value collate "C") as rank
      from day_dims group by dim_name, dim_value
    ) ranked where rank > $1::int
  ) past
  where d.dim_name = past.dim_name and d.dim_value = past.dim_value`;

const SOURCES = Object.keys(SOURCE_TABLE) as Source[];

interface Level {
  table: string;
  /** Key columns besides project_id and day, as written. */
  keys: readonly string[];
  /** The same keys as selected from a source row `x` joined to its dims `d`. */
  select: readonly string[];
  where: string;
  metrics: readonly AdditiveMetric[];
}

const BREAKDOWN: Level = {
  table: 'daily_breakdown',
  keys: ['dim', 'value', 'is_bot'],
  select: ['d.dim_name', 'd.dim_value', 'x.is_bot'],
  where: 'true',
  metrics: additiveAt('project'),
};

const VIDEO_BREAKDOWN: Level = {
  table: 'daily_video_breakdown',
  keys: ['dim', 'value', 'video_id', 'is_bot'],
  select: ['d.dim_name', 'd.dim_value', 'x.video_id', 'x.is_bot'],
  where: `x.video_id is not null and d.dim_name in (${VIDEO_DIMENSIONS.map((d) => `'${d.name}'`).join(', ')})`,
  metrics: additiveAt('slot'),
};

/**
 * One source's part: its metrics' aggregates per key, a typed zero for the others. The
 * registry's aggregates name the source's columns unqualified; the dims' columns are all
 * named dim_* so none of them can be taken for a source column.
 */
function sourcePart(source: Source, level: Level): string | undefined {
  if (!level.metrics.some((m) => m.source === source)) return undefined;
  const columns = level.metrics.map((m) => (m.source === source ? `${m.aggregate}::${m.sqlType}` : `0::${m.sqlType}`) + ` as ${m.column}`);
  return `select ${[...level.select.map((s, i) => `${s} as ${level.keys[i]}`), ...columns].join(', ')}
    from ${SOURCE_TABLE[source]} x join day_dims d on d.dim_session = x.session_id
    where ${level.where}
    group by ${level.select.join(', ')}`;
}

function insertSql(level: Level, extra: { columns: string; select: string; join: string }): string {
  const parts = SOURCES.flatMap((s) => sourcePart(s, level) ?? []);
  const columns = level.metrics.map((m) => m.column);
  return `insert into ${level.table} (project_id, day, ${[...level.keys, ...columns].join(', ')}${extra.columns})
  select $1::uuid, $2::date, ${[...level.keys.map((k) => `p.${k}`), ...columns.map((c) => `sum(p.${c})`)].join(', ')}${extra.select}
  from (
    ${parts.join('\n    union all\n    ')}
  ) p${extra.join}
  group by ${level.keys.map((k) => `p.${k}`).join(', ')}${extra.select}`;
}

/** The place of a value with coordinates: the mean of its sessions' (city rows only). */
const PLACES = `
  left join (
    select dim_name, dim_value, avg(dim_latitude)::real as latitude, avg(dim_longitude)::real as longitude
    from day_dims where dim_latitude is not null and dim_longitude is not null
    group by dim_name, dim_value
  ) g on g.dim_name = p.dim and g.dim_value = p.value`;

export const INSERT_DAY_BREAKDOWN_SQL = insertSql(BREAKDOWN, { columns: ', latitude, longitude', select: ', g.latitude, g.longitude', join: PLACES });
export const INSERT_DAY_VIDEO_BREAKDOWN_SQL = insertSql(VIDEO_BREAKDOWN, { columns: '', select: '', join: '' });

/**
 * The registry's day select of a distinct figure, taken apart so that its rows can be joined
 * to their session's dims: `select is_bot[, video_id, slot_id], <visitor_id|session_id> as
 * member from <staged table>[ where …]`. A select of another form fails at load, in every
 * test, rather than silently leaving its breakdown out.
 */
const DAY_SELECT = /^select is_bot, (?:video_id, slot_id, )?(visitor_id|session_id) as member from (day_[a-z_]+)(?: where (.+))?$/s;

export function parseDaySelect(metric: DistinctMetric): { member: string; table: string; where: string } {
  const match = DAY_SELECT.exec(metric.daySelect.trim());
  if (!match?.[1] || !match[2]) throw new Error(`the day select of ${metric.name} cannot be broken down: ${metric.daySelect}`);
  return { member: match[1], table: match[2], where: match[3] ?? 'true' };
}

/**
 * The day's members of the breakdown sets, in the columns of DAY_SETS_SQL's members (kind,
 * scope, is_bot, numbering, member). Each distinct figure keeps its own set kind, under the
 * scopes `b:` dim chr(31) value (project level) and `vb:` dim chr(31) value chr(31) video
 * (video level, for the per-video dimensions).
 */
export function breakdownMembersSql(): string[] {
  const parts: string[] = [];
  const part = (metric: DistinctMetric, scope: string, extraWhere: string) => {
    const { member, table, where } = parseDaySelect(metric);
    return `select distinct ${metric.setKind}::int2, ${scope}, x.is_bot, ${NUMBERING[metric.members]}::int2, x.${member}
    from ${table} x join day_dims d on d.dim_session = x.session_id
    where (${where})${extraWhere}`;
  };
  for (const metric of distinctAt('project')) parts.push(part(metric, `'b:' || d.dim_name || chr(31) || d.dim_value`, ''));
  const videoDims = VIDEO_DIMENSIONS.map((d) => `'${d.name}'`).join(', ');
  for (const metric of distinctAt('video')) {
    parts.push(part(metric, `'vb:' || d.dim_name || chr(31) || d.dim_value || chr(31) || x.video_id`, ` and x.video_id is not null and d.dim_name in (${videoDims})`));
  }
  return parts;
}
