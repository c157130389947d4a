/**
 * The plays of the day's video funnel outcomes (daily_play_outcomes), one row per (outcome,
 * play), from the staged rows whose video and slot are already folded past the day's caps;
 * $1 project id, $2 the local day.
 * - `cta`: plays with a CTA click on the day (a click names its play); the click's video and
 *   slot (of its first click that day). A play whose clicks are all bots' is a bot row.
 * - `conversion`: plays a conversion counted on the day is attributed to; the play's video and
 *   slot. Conversions are never bots'.
 * A range counts the distinct play ids of its rows, so a play that clicks or converts on two
 * days counts once (docs/architecture.md, "Video funnel").
 */
export const INSERT_DAY_PLAY_OUTCOMES_SQL = `insert into daily_play_outcomes (project_id, day, outcome, play_id, video_id, slot_id, is_bot)
  select $1::uuid, $2::date, 'cta', play_id, (array_agg(video_id order by occurred_at, event_id))[1],
    (array_agg(slot_id order by occurred_at, event_id))[1], bool_and(is_bot)
  from day_events where type = 'click' and target = 'cta' and play_id is not null and video_id is not null
  group by play_id
  union all
  select $1::uuid, $2::date, 'conversion', play_id, min(video_id), min(slot_id), false
  from day_conversions where play_id is not null
  group by play_id`;
