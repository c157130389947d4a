/**
 * The day's audience-retention curves (daily_watch_curves, docs/architecture.md, "Audience
 * retention"), one row per (video, bot flag) of the plays that started on the day; $1 project
 * id, $2 the local day, $3 the curve length cap.
 *
 * Second s of the media is watched by a range [from, to) when the range holds its midpoint
 * s + 0.5, so a range covers the seconds ceil(from − 0.5) … ceil(to − 0.5) − 1, and seconds
 * split between two adjacent ranges count once. A midpoint lies in the union of a play's ranges
 * exactly when it lies in one of them, so a play's union is taken over these second ranges
 * (`range_agg`): `unique_plays[s]` counts plays whose union covers s (at most the plays), `views[s]`
 * counts every range covering s, rewatches included. Both come from +1/−1 steps at range ends,
 * summed in order, so the work grows with the ranges and the curve length, not their product.
 * Arrays are 1-based in PostgreSQL: element s + 1 is second s.
 *
 * Plays are those staged for the day (their video folded past the day's caps), with their
 * ranges from every day, so a play across midnight counts all of it on its start day.
 * `reported_durations` lists each duration the day's `video_play` events reported, rounded to a
 * tenth of a second, with how many events reported it, so a range can find the commonest.
 */
export const INSERT_DAY_WATCH_CURVES_SQL = `insert into daily_watch_curves
    (project_id, day, video_id, is_bot, plays, unique_plays, views, reported_durations, reported_duration_events)
  with ranges as (
    select p.play_id, p.video_id, p.is_bot,
      least(ceil(r.range_from - 0.5), $3::int - 1)::int as lo,
      least(ceil(r.range_to - 0.5), $3::int)::int as hi
    from day_plays p
    join play_watch_ranges r on r.project_id = $1::uuid and r.play_id = p.play_id
    where ceil(r.range_from - 0.5) < ceil(r.range_to - 0.5)
  ),
  unions as (
    select video_id, is_bot, unnest(range_agg(int4range(lo, hi))) as covered
    from ranges group by play_id, video_id, is_bot
  ),
  steps as (
    select video_id, is_bot, pos, sum(d_unique)::int as d_unique, sum(d_views)::int as d_views
    from (
      select video_id, is_bot, lo as pos, 0 as d_unique, 1 as d_views from ranges
      union all select video_id, is_bot, hi, 0, -1 from ranges
      union all select video_id, is_bot, lower(covered), 1, 0 from unions
      union all select video_id, is_bot, upper(covered), -1, 0 from unions
      union all select distinct video_id, is_bot, 0, 0, 0 from ranges
    ) s
    group by video_id, is_bot, pos
  ),
  levels as (
    select video_id, is_bot, pos, lead(pos) over w as next,
      sum(d_unique) over w as unique_plays, sum(d_views) over w as views
    from steps
    window w as (partition by video_id, is_bot order by pos)
  ),
  curves as (
    select video_id, is_bot, array_agg(unique_plays::int order by s) as unique_plays, array_agg(views::int order by s) as views
    from levels, generate_series(pos, next - 1) as s
    where next is not null
    group by video_id, is_bot
  ),
  plays as (
    select video_id, is_bot, count(*)::int as plays from day_plays group by video_id, is_bot
  ),
  reported as (
    select video_id, is_bot, array_agg(duration order by duration) as durations, array_agg(plays order by duration) as plays
    from (
      select coalesce(video_id, '') as video_id, is_bot, round(media_duration::numeric, 1)::float8 as duration, count(*)::int as plays
      from day_events
      where type = 'video_play' and media_duration is not null
      group by 1, 2, 3
    ) d
    group by video_id, is_bot
  )
  select $1::uuid, $2::date, k.video_id, k.is_bot, coalesce(p.plays, 0),
    coalesce(c.unique_plays, '{}'), coalesce(c.views, '{}'), coalesce(r.durations, '{}'), coalesce(r.plays, '{}')
  from (select video_id, is_bot from plays union select video_id, is_bot from reported) k
  left join plays p on p.video_id = k.video_id and p.is_bot = k.is_bot
  left join curves c on c.video_id = k.video_id and c.is_bot = k.is_bot
  left join reported r on r.video_id = k.video_id and r.is_bot = k.is_bot`;
