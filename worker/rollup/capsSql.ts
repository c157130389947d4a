/**
 * Bounds on how many distinct videos, slots and pages one project-day keeps apart. Beyond them
 * the least active keys are folded into one `(other)` key (not a valid id, so it never collides
 * with one), so a tenant that sends fifty thousand made-up ids still gets every figure counted,
 * and every answer about it stays small.
 */

export const OTHER_KEY = '(other)';

/**
 * Whether the rows just written exceed a cap: read from the small daily tables, not the events.
 * $1 project id, $2 the local day, $3 videos, $4 (video, slot) pairs, $5 pages.
 */
export const OVER_CAPS_SQL = `select
    (select count(distinct video_id) from daily_slot where project_id = $1::uuid and day = $2::date) > $3::int
    or (select count(*) from (select distinct video_id, slot_id from daily_slot where project_id = $1::uuid and day = $2::date) s) > $4::int
    or (select count(distinct to_slot_id) from daily_transitions where project_id = $1::uuid and day = $2::date) > $4::int
    or (select count(distinct page_key) from daily_page where project_id = $1::uuid and day = $2::date) > $5::int
  as over`;

/** The rows of every staged table that carry a video, by how often each (video, slot) occurs. */
const VIDEO_ROWS = `select video_id, slot_id from day_events where video_id is not null
    union all select video_id, slot_id from day_plays
    union all select video_id, slot_id from day_milestones
    union all select video_id, slot_id from day_conversions`;

/** The kept keys of the day: the busiest, ties broken by id so a rollup is repeatable; $1 the cap. */
export const KEPT_KEYS_SQL = {
  videos: `create temp table day_kept_videos on commit drop as
    select video_id from (${VIDEO_ROWS}) r group by video_id order by count(*) desc, video_id collate "C" limit $1::int`,
  slots: `create temp table day_kept_slots on commit drop as
    select video_id, slot_id from (${VIDEO_ROWS}) r
    where video_id in (select video_id from day_kept_videos)
    group by video_id, slot_id order by count(*) desc, video_id collate "C", slot_id collate "C" limit $1::int`,
  pages: `create temp table day_kept_pages on commit drop as
    select page_key from day_events where type in ('page_view', 'widget_open', 'click', 'form_submit') and page_key is not null
    group by page_key order by count(*) desc, page_key collate "C" limit $1::int`,
} as const;

/** Folds every key past the caps into `(other)`, in each staged table. */
export const FOLD_SQL = [
  ...['day_events', 'day_plays', 'day_milestones', 'day_conversions'].map(
    (table) => `update ${table} t set
      video_id = case when t.video_id in (select video_id from day_kept_videos) then t.video_id else '${OTHER_KEY}' end,
      slot_id = '${OTHER_KEY}'
    where t.video_id is not null and (t.video_id, t.slot_id) not in (select video_id, slot_id from day_kept_slots)`,
  ),
  `update day_events set to_slot_id = '${OTHER_KEY}'
    where to_slot_id is not null and to_slot_id not in (select slot_id from day_kept_slots)`,
  `update day_events set page_key = '${OTHER_KEY}'
    where page_key is not null and page_key not in (select page_key from day_kept_pages)`,
  `update day_page_views set page_key = '${OTHER_KEY}'
    where page_key is not null and page_key not in (select page_key from day_kept_pages)`,
  `update day_sessions set
      entry_page = case when entry_page in (select page_key from day_kept_pages) then entry_page else '${OTHER_KEY}' end,
      exit_page = case when exit_page in (select page_key from day_kept_pages) then exit_page else '${OTHER_KEY}' end
    where entry_page is not null or exit_page is not null`,
] as const;
