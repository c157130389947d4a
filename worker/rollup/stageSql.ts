/**
 * The day's rows, staged once per rollup into temporary tables that every later statement
 * reads (a busy day is a quarter of its month's partition, so each statement scanned it).
 * Each is dropped when the rollup's transaction ends. $1 project id, $2/$3 the day's bounds as
 * instants.
 */

/** The session of a staged row whose session is unknown; no client id is the nil UUID's. */
export const NO_SESSION = '00000000-0000-0000-0000-000000000000';

/**
 * The day's events: only the columns the rollup reads; full URLs only of page views, which URL
 * rules match; form ids and outcomes only of form submits, which form rules match; play ids only
 * of clicks and of a play's request, first frame and errors. Every stage has `at`, the instant its
 * rows count at (the hourly rows group by it).
 */
export const DAY_EVENTS_SQL = `create temp table day_events on commit drop as
  select event_id, type, occurred_at, occurred_at as at, visitor_id, session_id, video_id, slot_id, to_slot_id,
    -- Play ids: of clicks (the video funnel's CTA plays) and of a play's request, first frame
    -- and errors (playback quality, tables/playback.ts).
    case when type in ('click', 'video_request', 'video_play', 'video_error') then play_id end as play_id,
    seconds, target, case when type = 'page_view' then url end as url, page_key, is_bot, from_server, order_id, value, currency,
    case when type = 'conversion' then conversion_type end as conversion_type,
    case when type = 'click' then label end as label, case when type = 'custom' then name end as name,
    case when type = 'form_submit' then props->>'formId' end as form_id,
    case when type = 'form_submit' then props->>'outcome' end as outcome,
    time_on_page_ms, max_scroll_percent, media_duration, startup_ms, stall_ms, fatal,
    -- A holdout claim holds only if the visitor's bucket is below the claimed percent: an
    -- exposed visitor's forged claim is stored but held out nowhere.
    case when type = 'holdout' then coalesce(holdout_bucket((select holdout_salt from projects where id = $1::uuid), visitor_id) < percent, false) end as held_out
  from events
  where project_id = $1::uuid and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz`;

/** Plays whose earliest start falls on the day, with their session (breakdowns file a play under it). */
export const DAY_PLAYS_SQL = `create temp table day_plays on commit drop as
  select play_id, visitor_id, session_id, video_id, slot_id, is_bot, first_at as at
  from plays
  where project_id = $1::uuid and first_at >= $2::timestamptz and first_at < $3::timestamptz`;

/**
 * Milestones first crossed on the day, with their play's session. A milestone whose play row
 * is missing (its start never arrived) takes NO_SESSION, so breakdowns still count it, under
 * `(none)`, instead of losing it in a join.
 */
export const DAY_MILESTONES_SQL = `create temp table day_milestones on commit drop as
  select m.play_id, m.percent, m.visitor_id, coalesce(p.session_id, '${NO_SESSION}'::uuid) as session_id, m.video_id, m.slot_id, m.is_bot, m.first_at as at
  from play_milestones m
  left join plays p on p.project_id = m.project_id and p.play_id = m.play_id
  where m.project_id = $1::uuid and m.first_at >= $2::timestamptz and m.first_at < $3::timestamptz`;

/**
 * Sessions that started on the day (a session counts on its start day only), with what the
 * site reports derive from them: `bounce` (at most one page view and no interaction),
 * `duration` in seconds and `is_new` (the visitor's first session in the project). Video and
 * slot are null: every staged table has them (metric sources).
 */
export const DAY_SESSIONS_SQL = `create temp table day_sessions on commit drop as
  select s.session_id, s.visitor_id, s.started_at, s.started_at as at, s.ended_at, s.events, s.pageviews, s.interacted, s.is_bot,
    s.pageviews <= 1 and not s.interacted as bounce,
    extract(epoch from s.ended_at - s.started_at)::double precision as duration,
    coalesce(f.session_id = s.session_id, true) as is_new,
    s.entry_page, s.exit_page, s.referrer_source, s.referrer_platform, s.referrer_class, s.referrer_host,
    s.utm_source, s.utm_medium, s.utm_campaign, s.utm_term, s.utm_content,
    s.device, s.browser, s.os, s.language, s.screen_class, s.country, s.region, s.city, s.latitude, s.longitude,
    null::text as video_id, null::text as slot_id
  from sessions s
  left join visitor_firsts f on f.project_id = s.project_id and f.visitor_id = s.visitor_id
  where s.project_id = $1::uuid and s.started_at >= $2::timestamptz and s.started_at < $3::timestamptz`;

/** The tables staged straight from stored rows, in order (day_conversions is staged apart, from day_events). */
export const STAGES = [
  { table: 'day_events', sql: DAY_EVENTS_SQL },
  { table: 'day_plays', sql: DAY_PLAYS_SQL },
  { table: 'day_milestones', sql: DAY_MILESTONES_SQL },
  { table: 'day_sessions', sql: DAY_SESSIONS_SQL },
] as const;
