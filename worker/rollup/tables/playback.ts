import { LIMITS } from '../../../shared/events/limits.js';
import { STARTUP_EDGES_MS } from '../../../shared/playback/startupHistogram.js';

/**
 * How far past the day's bounds the rollup looks for the rest of a play it counts: a request
 * just before midnight belongs to the day before, and a first frame or a fatal error up to this
 * long after the day's end still decides the outcome of a play requested on it. It equals the
 * contract's bound on startupMs, so a tracker's first frame always lies inside it.
 */
export const PLAYBACK_EDGE_MS = LIMITS.maxStartupMs;

/**
 * The playback events just outside the day that decide its plays: requests in the window before
 * it (such a play belongs to the day before), first frames and fatal errors in the window after
 * it. $1 project id, $2/$3 the day's bounds. The day's own events are in day_events.
 */
export const DAY_PLAYBACK_EDGES_SQL = `create temp table day_playback_edges on commit drop as
  select event_id, type, occurred_at, play_id, startup_ms, fatal
  from events
  where project_id = $1::uuid and play_id is not null and (
    (type = 'video_request' and occurred_at >= $2::timestamptz - interval '${PLAYBACK_EDGE_MS} milliseconds' and occurred_at < $2::timestamptz)
    or (type in ('video_play', 'video_error') and occurred_at >= $3::timestamptz and occurred_at < $3::timestamptz + interval '${PLAYBACK_EDGE_MS} milliseconds'))`;

/** `array[count(*) filter (where bucket = 1), …]`: one count per startup bucket. */
const HISTOGRAM = `array[${STARTUP_EDGES_MS.map((_, i) => `count(bucket) filter (where bucket = ${i + 1})`).join(', ')}]::bigint[]`;

/**
 * The day's playback quality per (video, slot, bot flag) (daily_playback), from the staged rows
 * (their video and slot already folded past the day's caps) and the edges; $1 project id, $2 the
 * local day. What counts where (docs/architecture.md, "Playback quality"):
 * - a view is a play whose first request is on the day; its video, slot and bot flag are the
 *   request's. A play of an old tracker (a first frame without startupMs and no request near it)
 *   is a view on the day of its first frame, started, without a startup time;
 * - a view's outcome comes from its first frame and first fatal error up to the edge after the
 *   day: started (a first frame), its startup bucket (the first frame's startupMs), a startup
 *   failure (a fatal error before any first frame), an exit before start (neither);
 * - a playback failure is a play with a fatal error on the day after its first frame (from the
 *   plays facts, so the first frame may be on any earlier day), counted once a day;
 * - stalls, stall time and watch seconds are the day's own events.
 */
export const INSERT_DAY_PLAYBACK_SQL = `insert into daily_playback (project_id, day, video_id, slot_id, is_bot, views, started, startup_hist,
    exits_before_start, startup_failures, playback_failures, rebuffer_count, stall_ms, watch_seconds)
  with pb as (
    select event_id, type, occurred_at, play_id, startup_ms, fatal, true as in_day, video_id, slot_id, is_bot
    from day_events where play_id is not null
    union all
    select event_id, type, occurred_at, play_id, startup_ms, fatal, false, null, null, null from day_playback_edges
  ),
  requests as (
    select distinct on (play_id) play_id, in_day, video_id, slot_id, is_bot
    from pb where type = 'video_request' order by play_id, occurred_at, event_id
  ),
  first_frames as (
    select distinct on (play_id) play_id, occurred_at as at, startup_ms
    from pb where type = 'video_play' order by play_id, occurred_at, event_id
  ),
  fatal_errors as (
    select play_id, min(occurred_at) as at from pb where type = 'video_error' and fatal group by play_id
  ),
  viewed as (
    select r.video_id, r.slot_id, r.is_bot, f.at as frame_at, f.startup_ms, e.at as fatal_at
    from requests r left join first_frames f using (play_id) left join fatal_errors e using (play_id)
    where r.in_day
  ),
  failed_playing as (
    select distinct on (e.play_id) e.video_id, e.slot_id, e.is_bot
    from day_events e join plays p on p.project_id = $1::uuid and p.play_id = e.play_id and p.first_at < e.occurred_at
    where e.type = 'video_error' and e.fatal
    order by e.play_id, e.occurred_at, e.event_id
  ),
  parts as (
    select video_id, slot_id, is_bot, 1 as views, (frame_at is not null)::int as started,
      case when frame_at is not null then width_bucket(startup_ms, array[${STARTUP_EDGES_MS.join(', ')}]) end as bucket,
      (frame_at is null and fatal_at is null)::int as exits,
      (fatal_at is not null and (frame_at is null or fatal_at < frame_at))::int as startup_failures,
      0 as playback_failures, 0 as stalls, 0 as stall_ms, 0::float8 as watch_seconds
    from viewed
    union all
    select d.video_id, d.slot_id, d.is_bot, 1, 1, null, 0, 0, 0, 0, 0, 0
    from day_plays d left join first_frames f using (play_id)
    where f.startup_ms is null and not exists (select 1 from requests r where r.play_id = d.play_id)
    union all
    select video_id, slot_id, is_bot, 0, 0, null, 0, 0, 1, 0, 0, 0 from failed_playing
    union all
    select video_id, slot_id, is_bot, 0, 0, null, 0, 0, 0, (type = 'video_stall')::int, coalesce(stall_ms, 0), coalesce(seconds, 0)
    from day_events where type in ('video_stall', 'video_time')
  )
  select $1::uuid, $2::date, coalesce(video_id, ''), coalesce(slot_id, ''), is_bot, sum(views), sum(started), ${HISTOGRAM},
    sum(exits), sum(startup_failures), sum(playback_failures), sum(stalls), sum(stall_ms), sum(watch_seconds)
  from parts
  group by 3, 4, 5`;
