import { DEFAULT_DAY_CAPS, type DayCaps } from '../../shared/rollup/dayCaps.js';
import {
  BREAKDOWN_SUM_TABLES,
  DAY_DIM_RAW_SQL,
  DAY_DIM_VALUES_SQL,
  DAY_DIMS_SQL,
  DAY_SESSION_SUMS_SQL,
  DAY_SESSION_VIDEO_SUMS_SQL,
  DAY_TOUCHED_SESSIONS_SQL,
  FOLD_DIMS_SQL,
  INSERT_DAY_BREAKDOWN_SQL,
  INSERT_DAY_VIDEO_BREAKDOWN_SQL,
} from './breakdownSql.js';
import { dayConversionsSql } from './conversionsSql.js';
import { dayUnassistedSql } from './unassistedSql.js';
import { INSERT_DAY_PROJECT_SQL, INSERT_DAY_SLOT_SQL } from './metricsSql.js';
import { isEventRule, type CompiledRule } from '../../shared/rules/compile.js';
import { INSERT_HOURLY_SQL } from './hourlySql.js';
import { PAGES_SQL } from './pagesSql.js';
import { DAY_PAGE_VIEWS_SQL, PAGE_TIMES_SQL } from './pageTimes.js';
import { CURRENCY_VALUES_SQL, DAILY_TABLES, deleteDaySql, TRANSITIONS_SQL } from './sql.js';
import { STAGES } from './stageSql.js';
import { INSERT_DAY_FORMS_SQL, MAX_FORMS_PER_DAY } from './tables/forms.js';
import { INSERT_DAY_CLICKS_SQL, MAX_CLICK_LABELS_PER_DAY } from './tables/clicks.js';
import { INSERT_DAY_CUSTOM_EVENTS_SQL, MAX_CUSTOM_NAMES_PER_DAY } from './tables/customEvents.js';
import { GOALS_SQL } from './tables/goals.js';
import { INSERT_DAY_PLAY_OUTCOMES_SQL } from './tables/playOutcomes.js';
import { INSERT_DAY_WATCH_CURVES_SQL } from './tables/watchCurves.js';
import { MAX_WATCH_CURVE_SECONDS } from '../../shared/rollup/watchCurve.js';
import { DAY_PLAYBACK_EDGES_SQL, INSERT_DAY_PLAYBACK_SQL } from './tables/playback.js';

/** One statement of a day's rollup, named for logs and EXPLAIN. */
export interface Step {
  name: string;
  sql: string;
  params: unknown[];
}

export interface DayProject {
  currency: string;
  conversion_window_days: number;
  /** Only conversion events sent with the server key count (no URL rules, no browser conversions). */
  server_conversions_only: boolean;
  /** The day's bounds [00:00, next 00:00) in the project's zone, as instants. */
  lo: string;
  hi: string;
}

/** Deletes the day's rows of every daily table. */
export function deleteDaySteps(projectId: string, day: string): Step[] {
  return DAILY_TABLES.map((table): Step => ({ name: `delete ${table}`, sql: deleteDaySql(table), params: [projectId, day] }));
}

/** Writes every daily table but the member sets from the staged rows; each takes $1 project id, $2 the day. */
export function writeDaySteps(projectId: string, day: string): Step[] {
  const params = [projectId, day];
  return [
    { name: 'daily_slot', sql: INSERT_DAY_SLOT_SQL, params },
    { name: 'daily_project', sql: INSERT_DAY_PROJECT_SQL, params },
    { name: 'daily_conversion_values', sql: CURRENCY_VALUES_SQL, params },
    { name: 'daily_goals', sql: GOALS_SQL, params },
    { name: 'daily_play_outcomes', sql: INSERT_DAY_PLAY_OUTCOMES_SQL, params },
    { name: 'daily_page', sql: PAGES_SQL, params },
    { name: 'daily_page_times', sql: PAGE_TIMES_SQL, params },
    { name: 'hourly_project', sql: INSERT_HOURLY_SQL, params },
    { name: 'daily_transitions', sql: TRANSITIONS_SQL, params },
    { name: 'daily_breakdown', sql: INSERT_DAY_BREAKDOWN_SQL, params },
    { name: 'daily_video_breakdown', sql: INSERT_DAY_VIDEO_BREAKDOWN_SQL, params },
    { name: 'daily_forms', sql: INSERT_DAY_FORMS_SQL, params: [...params, MAX_FORMS_PER_DAY] },
    { name: 'daily_clicks', sql: INSERT_DAY_CLICKS_SQL, params: [...params, MAX_CLICK_LABELS_PER_DAY] },
    { name: 'daily_custom_events', sql: INSERT_DAY_CUSTOM_EVENTS_SQL, params: [...params, MAX_CUSTOM_NAMES_PER_DAY] },
    { name: 'daily_watch_curves', sql: INSERT_DAY_WATCH_CURVES_SQL, params: [...params, MAX_WATCH_CURVE_SECONDS] },
    { name: 'daily_playback', sql: INSERT_DAY_PLAYBACK_SQL, params },
  ];
}

/**
 * The columns whose statistics the later statements' plans use (joins, filters, groupings), of
 * the wide staged tables: statistics of every column (long URLs and texts, a dozen sums) cost
 * about as much as staging the table. Plans only: every figure is the same either way.
 */
const ANALYZED_COLUMNS: Partial<Record<string, readonly string[]>> = {
  day_events: ['type', 'session_id', 'visitor_id', 'video_id', 'slot_id', 'play_id', 'page_key', 'is_bot', 'order_id'],
  day_sessions: ['session_id', 'visitor_id', 'is_bot', 'pageviews', 'entry_page', 'exit_page'],
  day_page_views: ['session_id', 'page_key', 'is_bot'],
  day_dims: ['dim_session', 'dim_id', 'dim_latitude'],
  day_session_sums: ['session_id', 'is_bot'],
  day_session_video_sums: ['session_id', 'is_bot', 'video_id'],
};

/**
 * The statements that replace one project-day of the daily tables except its member sets,
 * in order: delete the day, stage its rows, stage its counted conversions, then write every
 * table from the staged rows. The rollup runs them; bench/explainRollup.ts explains them.
 */
export function dayTableSteps(
  projectId: string,
  day: string,
  project: DayProject,
  rules: readonly CompiledRule[],
  caps: DayCaps = DEFAULT_DAY_CAPS,
): Step[] {
  const bounds = [projectId, project.lo, project.hi];
  const counted = project.server_conversions_only ? [] : rules;
  const urlRules = counted.filter((r) => !isEventRule(r));
  const eventRules = counted.filter(isEventRule);
  // Event rules add their statements and parameters only when there are any (eventGoalsSql.ts).
  const withEventRules = eventRules.length > 0;
  const goalParams = [
    ...bounds,
    project.currency.toUpperCase(),
    24 * project.conversion_window_days,
    urlRules.map((r) => r.id),
    urlRules.map((r) => r.kind),
    urlRules.map((r) => r.operand),
    project.server_conversions_only,
    ...(withEventRules
      ? [eventRules.map((r) => r.id), eventRules.map((r) => r.kind), eventRules.map((r) => r.operand), eventRules.map((r) => r.qualifier)]
      : []),
  ];
  const analyze = (table: string): Step => {
    const columns = ANALYZED_COLUMNS[table];
    return { name: `analyze ${table}`, sql: columns ? `analyze ${table} (${columns.join(', ')})` : `analyze ${table}`, params: [] };
  };
  return [
    ...deleteDaySteps(projectId, day),
    ...STAGES.map(({ table, sql }): Step => ({ name: `stage ${table}`, sql, params: bounds })),
    { name: 'stage day_playback_edges', sql: DAY_PLAYBACK_EDGES_SQL, params: bounds },
    // Planner statistics for the temporary tables, or every join below is planned blind.
    analyze('day_events'),
    { name: 'stage day_conversions', sql: dayConversionsSql(withEventRules), params: goalParams },
    { name: 'stage day_unassisted', sql: dayUnassistedSql(withEventRules), params: goalParams },
    { name: 'stage day_page_views', sql: DAY_PAGE_VIEWS_SQL, params: [projectId, project.hi] },
    ...['day_plays', 'day_milestones', 'day_conversions', 'day_sessions', 'day_page_views'].map(analyze),
    // The session dims of every staged row, capped per dimension before anything is written.
    { name: 'stage day_touched_sessions', sql: DAY_TOUCHED_SESSIONS_SQL, params: [] },
    analyze('day_touched_sessions'),
    { name: 'stage day_dim_raw', sql: DAY_DIM_RAW_SQL, params: [projectId] },
    { name: 'stage day_dim_values', sql: DAY_DIM_VALUES_SQL, params: [] },
    // A few hundred values: known as such, they are hashed for the join below instead of the
    // raw rows being sorted by their texts.
    analyze('day_dim_values'),
    { name: 'stage day_dims', sql: DAY_DIMS_SQL, params: [] },
    { name: 'drop day_dim_raw', sql: 'drop table day_dim_raw', params: [] },
    analyze('day_dims'),
    { name: 'fold day_dims', sql: FOLD_DIMS_SQL, params: [caps.breakdownValues] },
    analyze('day_dim_values'),
    { name: 'stage day_session_sums', sql: DAY_SESSION_SUMS_SQL, params: [] },
    { name: 'stage day_session_video_sums', sql: DAY_SESSION_VIDEO_SUMS_SQL, params: [] },
    ...BREAKDOWN_SUM_TABLES.map(analyze),
    ...writeDaySteps(projectId, day),
  ];
}
