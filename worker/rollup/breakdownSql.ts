import { DIMENSIONS, NONE, VIDEO_DIMENSIONS, type Dimension } from '../../shared/breakdowns/dimensions.js';
import type { AdditiveMetric, DistinctMetric, Source } from '../../shared/metrics/define.js';
import { additiveAt, aggregateAt, distinctAt } from '../../shared/metrics/levels.js';
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
 * `day_touched_sessions`: every session the day's staged rows touch: sessions that started on
 * the day, and those of its events, plays, milestones and counted conversions (which may have
 * started days before). Staged and analyzed apart so that the dims below are read by index
 * probes into `sessions` for these sessions only, not by a scan of the project's every session
 * (the planner cannot estimate the union's distinct count).
 */
export const DAY_TOUCHED_SESSIONS_SQL = `create temp table day_touched_sessions on commit drop as
  select session_id from day_events
  union select session_id from day_sessions
  union select session_id from day_plays
  union select session_id from day_milestones
  union select session_id from day_conversions`;

/**
 * `day_dim_raw`: one row per (session, dimension) for every touched session. A session without
 * a `sessions` row (or stageSql's NO_SESSION) reads `(none)` everywhere, so its figures are
 * still counted. $1 project id.
 */
export const DAY_DIM_RAW_SQL = `create temp table day_dim_raw on commit drop as
  select dim_session, dim_name,
    case when length(raw) <= ${VALUE_CHARS} then raw
      else left(raw, ${VALUE_CHARS - HASH_HEX - 1}) || '…' || left(encode(sha256(convert_to(raw, 'UTF8')), 'hex'), ${HASH_HEX}) end as dim_value,
    dim_latitude, dim_longitude
  from (
    select t.session_id as dim_session, v.dim_name, v.raw, v.dim_latitude, v.dim_longitude
    from day_touched_sessions t
    -- One index probe per touched session (LIMIT keeps the planner from turning it back into a
    -- join): a day touches a few percent of the project's sessions, which it would scan whole.
    left join lateral (
      select * from sessions s where s.project_id = $1::uuid and s.session_id = t.session_id limit 1
    ) s on true
    cross join lateral (values
      ${DIMENSIONS.map((d) => `('${d.name}', ${valueSql(d)}, ${d.place ? 's.latitude' : 'null::real'}, ${d.place ? 's.longitude' : 'null::real'})`).join(',\n      ')}
    ) v(dim_name, raw, dim_latitude, dim_longitude)
  ) r`;

/**
 * `day_dim_values`: each (dimension, value) of the day once, with a small integer id, so that
 * the joins, groupings and distinct member lists over sessions x dimensions rows work on
 * integers instead of repeating the texts (a busy day has millions of such rows).
 */
export const DAY_DIM_VALUES_SQL = `create temp table day_dim_values on commit drop as
  select (row_number() over (order by dim_name, dim_value collate "C"))::int as dim_id, dim_name, dim_value
  from (select distinct dim_name, dim_value from day_dim_raw) v`;

/** `day_dims`: the raw rows with their value's id in place of the texts. */
export const DAY_DIMS_SQL = `create temp table day_dims on commit drop as
  select r.dim_session, v.dim_id, r.dim_latitude, r.dim_longitude
  from day_dim_raw r join day_dim_values v on v.dim_name = r.dim_name and v.dim_value = r.dim_value`;

/**
 * Folds the values of each dimension past the day's cap ($1) into `(other)`, keeping the
 * values with the most sessions (ties by value, so a rollup is repeatable). Every figure of a
 * folded value is still counted, under `(other)`: its sessions move to the id of the first
 * folded value, which is renamed, and the other folded ids go.
 */
export const FOLD_DIMS_SQL = `with
  ranked as (
    select v.dim_id, v.dim_name, row_number() over (partition by v.dim_name order by c.sessions desc, v.dim_value collate "C") as rank
    from day_dim_values v join (select dim_id, count(*) as sessions from day_dims group by dim_id) c using (dim_id)
  ),
  past as (
    select dim_id, min(dim_id) over (partition by dim_name) as to_id from ranked where rank > $1::int
  ),
  moved as (
    update day_dims d set dim_id = p.to_id, dim_latitude = null, dim_longitude = null
    from past p where d.dim_id = p.dim_id
    returning 1
  ),
  renamed as (
    update day_dim_values v set dim_value = '${OTHER_KEY}' from past p where v.dim_id = p.dim_id and p.dim_id = p.to_id
    returning 1
  ),
  gone as (
    delete from day_dim_values v using past p where v.dim_id = p.dim_id and p.dim_id <> p.to_id
    returning 1
  )
  select (select count(*) from moved) as moved, (select count(*) from renamed) as renamed, (select count(*) from gone) as gone`;

const SOURCES = Object.keys(SOURCE_TABLE) as Source[];

interface Level {
  table: string;
  /** The staged per-session sums it reads. */
  sums: string;
  /** Key columns besides project_id and day, as written. */
  keys: readonly string[];
  /** The keys grouped by, from a session's sums `s` joined to its dims `d` (the value as its id). */
  select: readonly string[];
  /** Per-session sums are also kept apart per video. */
  perVideo: boolean;
  /** Which dims take part. */
  dims: string;
  metrics: readonly AdditiveMetric[];
}

const BREAKDOWN: Level = {
  table: 'daily_breakdown',
  sums: 'day_session_sums',
  keys: ['dim', 'value', 'is_bot'],
  select: ['d.dim_id', 's.is_bot'],
  perVideo: false,
  dims: 'true',
  metrics: additiveAt('project'),
};

const VIDEO_BREAKDOWN: Level = {
  table: 'daily_video_breakdown',
  sums: 'day_session_video_sums',
  keys: ['dim', 'value', 'video_id', 'is_bot'],
  select: ['d.dim_id', 's.video_id', 's.is_bot'],
  perVideo: true,
  dims: `d.dim_id in (select dim_id from day_dim_values where dim_name in (${VIDEO_DIMENSIONS.map((d) => `'${d.name}'`).join(', ')}))`,
  metrics: additiveAt('slot'),
};

const groupOf = (level: Level) => (level.perVideo ? 'session_id, is_bot, video_id' : 'session_id, is_bot');

/**
 * One source's figures per session (and video): its metrics' aggregates, a typed zero for the
 * others. The registry's aggregates name the source's columns unqualified.
 */
function sourcePart(source: Source, level: Level): string | undefined {
  if (!level.metrics.some((m) => m.source === source)) return undefined;
  const columns = level.metrics.map((m) => (m.source === source ? `${aggregateAt(m, level.perVideo ? 'slot' : 'project')}::${m.sqlType}` : `0::${m.sqlType}`) + ` as ${m.column}`);
  return `select ${groupOf(level)}, ${columns.join(', ')}
      from ${SOURCE_TABLE[source]}${level.perVideo ? ' where video_id is not null' : ''}
      group by ${groupOf(level)}`;
}

/**
 * The day's figures per session (and video), summed over every source. Summing per session
 * before the dims are joined keeps that join at sessions x dimensions rows instead of staged
 * rows x dimensions (a busy day has several events per session); the aggregates are counts and
 * sums, so summing them again is exact. Staged as a table and analyzed, so the join below is
 * planned with the true number of sessions.
 */
function sumsSql(level: Level): string {
  const parts = SOURCES.flatMap((s) => sourcePart(s, level) ?? []);
  const columns = level.metrics.map((m) => m.column);
  return `create temp table ${level.sums} on commit drop as
  select ${groupOf(level)}, ${columns.map((c) => `sum(${c}) as ${c}`).join(', ')}
  from (
    ${parts.join('\n    union all\n    ')}
  ) u
  group by ${groupOf(level)}`;
}

function insertSql(level: Level, extra: { columns: string; select: string; join: string }): string {
  const columns = level.metrics.map((m) => m.column);
  const inner = level.select.map((s) => `${s} as ${s.slice(2)}`);
  const outer = ['n.dim_name', 'n.dim_value', ...level.select.slice(1).map((s) => `b.${s.slice(2)}`)];
  return `insert into ${level.table} (project_id, day, ${[...level.keys, ...columns].join(', ')}${extra.columns})
  select $1::uuid, $2::date, ${[...outer, ...columns.map((c) => `b.${c}`)].join(', ')}${extra.select}
  from (
    select ${[...inner, ...columns.map((c) => `sum(s.${c}) as ${c}`)].join(', ')}
    from ${level.sums} s
    join day_dims d on d.dim_session = s.session_id and ${level.dims}
    group by ${level.select.join(', ')}
  ) b
  join day_dim_values n on n.dim_id = b.dim_id${extra.join}`;
}

export const DAY_SESSION_SUMS_SQL = sumsSql(BREAKDOWN);
export const DAY_SESSION_VIDEO_SUMS_SQL = sumsSql(VIDEO_BREAKDOWN);
export const BREAKDOWN_SUM_TABLES = [BREAKDOWN.sums, VIDEO_BREAKDOWN.sums] as const;

/** The place of a value with coordinates: the mean of its sessions' (city rows only). */
const PLACES = `
  left join (
    select dim_id, avg(dim_latitude)::real as latitude, avg(dim_longitude)::real as longitude
    from day_dims where dim_latitude is not null and dim_longitude is not null
    group by dim_id
  ) g on g.dim_id = b.dim_id`;

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
 * The day's breakdown sets, in the rows of DAY_SETS_SQL (kind, scope, is_bot, numbers,
 * missing). Each distinct figure keeps its own set kind, under the scopes `b:` dim chr(31)
 * value (project level) and `vb:` dim chr(31) value chr(31) video (video level, for the
 * per-video dimensions). A statement of its own, shaped for its size (sessions x dimensions
 * members on a busy day): members are reduced per session and numbered before the dims are
 * joined, and scopes are spelled once per set, after grouping, not once per member.
 */
export function breakdownSetsSql(): string {
  const parts: string[] = [];
  const videoDims = `(select dim_id from day_dim_values where dim_name in (${VIDEO_DIMENSIONS.map((d) => `'${d.name}'`).join(', ')}))`;
  const part = (metric: DistinctMetric, perVideo: boolean) => {
    const { member, table, where } = parseDaySelect(metric);
    const video = perVideo ? 'video_id' : 'null::text';
    return `select ${metric.setKind}::int2 as kind, x.session_id, x.is_bot, x.video_id, nn.n
        from (select distinct session_id, is_bot, ${video} as video_id, ${member} as member from ${table} where (${where})${perVideo ? ' and video_id is not null' : ''}) x
        left join day_numbers nn on nn.kind = ${NUMBERING[metric.members]} and nn.member = x.member`;
  };
  for (const metric of distinctAt('project')) parts.push(part(metric, false));
  for (const metric of distinctAt('video')) parts.push(part(metric, true));
  // No DISTINCT over the joined rows: a visitor of two sessions with the same value is listed
  // twice, and the bitmap built from the numbers keeps each member once (far cheaper than
  // de-duplicating millions of rows here).
  return `select g.kind::int as kind,
      case when g.video_id is null then 'b:' || v.dim_name || chr(31) || v.dim_value
        else 'vb:' || v.dim_name || chr(31) || v.dim_value || chr(31) || g.video_id end as scope,
      g.is_bot, g.numbers, g.missing
    from (
      -- Grouped by the video id's bytes: the same groups as its collation's (a deterministic
      -- one), found by a far cheaper sort.
      select m.kind, d.dim_id, m.video_id collate "C" as video_id, m.is_bot,
        coalesce(string_agg(int4send(m.n), ''::bytea), ''::bytea) as numbers,
        count(*) filter (where m.n is null)::int as missing
      from (
        ${parts.join('\n        union all\n        ')}
      ) m
      join day_dims d on d.dim_session = m.session_id and (m.video_id is null or d.dim_id in ${videoDims})
      group by m.kind, d.dim_id, m.video_id collate "C", m.is_bot
    ) g
    join day_dim_values v on v.dim_id = g.dim_id`;
}

export const BREAKDOWN_SETS_SQL = breakdownSetsSql();
