/**
 * Statements of the set-based rollup of one project-day besides the staging (stageSql.ts,
 * conversionsSql.ts), the metrics (metricsSql.ts) and the sets (setSql.ts). $1 is the project
 * id and $2 the local day, unless a statement says otherwise.
 */

/** Daily tables a rollup replaces; each has (project_id, day). */
export const DAILY_TABLES = [
  'daily_project',
  'daily_slot',
  'daily_page',
  'daily_page_times',
  'hourly_project',
  'daily_transitions',
  'daily_conversion_values',
  'daily_goals',
  'daily_breakdown',
  'daily_video_breakdown',
  'daily_play_outcomes',
  'daily_forms',
  'daily_visitor_goals',
  'daily_clicks',
  'daily_custom_events',
  'daily_watch_curves',
  'daily_sets',
] as const;

/**
 * The project's settings, whether retention deleted raw events of the day (`pruned`: its
 * rollup would compute from what is left, so its rows are kept as they are), the day's bounds
 * computed by PostgreSQL's own zone rules, and the
 * month whose sets the rollup keeps merged: the day's own month once it has ended in the
 * project's zone, else the month before it (so a month is merged soon after it ends even when
 * none of its days is rolled up again).
 */
export const PROJECT_SQL = `select currency, conversion_window_days, server_conversions_only,
    (raw_kept_from is not null and ($2::date)::timestamp at time zone timezone < raw_kept_from) as pruned,
    to_char(raw_kept_from at time zone timezone, 'YYYY-MM-DD') as first_kept_day,
    (($2::date)::timestamp at time zone timezone)::text as lo,
    (($2::date + 1)::timestamp at time zone timezone)::text as hi,
    case when (date_trunc('month', $2::date) + interval '1 month')::date <= (now() at time zone timezone)::date
      then date_trunc('month', $2::date) else date_trunc('month', $2::date) - interval '1 month'
    end::date::text as merge_month
  from projects where id = $1::uuid`;

export const RULES_SQL = `select id, kind, pattern, outcome, target from conversion_rules where project_id = $1::uuid order by id`;

export const deleteDaySql = (table: (typeof DAILY_TABLES)[number]): string =>
  `delete from ${table} where project_id = $1::uuid and day = $2::date`;

/**
 * The day's other tables, from the staged rows (stageSql.ts, conversionsSql.ts); $1 project
 * id, $2 the local day. Pages: pagesSql.ts.
 */
export const TRANSITIONS_SQL = `insert into daily_transitions (project_id, day, from_slot_id, to_slot_id, is_bot, count)
  select $1::uuid, $2::date, coalesce(slot_id, ''), coalesce(to_slot_id, ''), is_bot, count(*)
  from day_events where type = 'click' and target = 'choice'
  group by 3, 4, 5`;

/**
 * Counts and sums, per currency, of the counted conversion events that carry a value (a value
 * always comes with its currency); the project's currency included, never mixed.
 */
export const CURRENCY_VALUES_SQL = `insert into daily_conversion_values (project_id, day, video_id, slot_id, currency, is_bot, conversions, value)
  select $1::uuid, $2::date, video_id, slot_id, currency, is_bot, count(*), sum(value)
  from day_conversions where value is not null and currency is not null
  group by video_id, slot_id, currency, is_bot`;

export const STAMP_SQL = `insert into rollup_days (project_id, day, seq, rolled_at)
  values ($1::uuid, $2::date, nextval('rollup_seq'), clock_timestamp())
  on conflict (project_id, day) do update set seq = excluded.seq, rolled_at = excluded.rolled_at
  returning seq::text as seq`;

export const SEEN_SQL = `select seq::text as seq from dirty_days where project_id = $1::uuid and day = $2::date`;
export const CLEAR_SQL = `delete from dirty_days where project_id = $1::uuid and day = $2::date and seq = $3::bigint`;

/**
 * The project's rollup lock, session-level: held across the REPEATABLE READ transactions of a
 * day and its month merge, taken before they begin. One per project (not per day) because
 * every rollup may number new visitors from the project's one counter.
 */
const ROLLUP_LOCK_SPACE = 1;
export const LOCK_SQL = `select pg_advisory_lock(${ROLLUP_LOCK_SPACE}, hashtext($1::uuid::text))`;
/** The same lock without waiting: true when taken, false when someone holds it. */
export const TRY_LOCK_SQL = `select pg_try_advisory_lock(${ROLLUP_LOCK_SPACE}, hashtext($1::uuid::text)) as locked`;
export const UNLOCK_SQL = `select pg_advisory_unlock(${ROLLUP_LOCK_SPACE}, hashtext($1::uuid::text))`;
