import { OTHER_KEY } from '../capsSql.js';

/** Click labels one project-day keeps apart; the least clicked past it count under `(other)`. */
export const MAX_CLICK_LABELS_PER_DAY = 1000;

/**
 * The day's clicks per video, slot, target and label (daily_clicks), from the staged events,
 * whose video and slot are already folded past the day's caps; $1 project id, $2 the local day,
 * $3 the labels cap. A click without a label (or with an empty one) keeps '' as its label. Labels
 * are kept by their clicks on the day, ties by label, so a rollup is repeatable.
 */
export const INSERT_DAY_CLICKS_SQL = `insert into daily_clicks (project_id, day, video_id, slot_id, target, label, is_bot, clicks)
  with clicks as (
    select coalesce(video_id, '') as video_id, coalesce(slot_id, '') as slot_id, coalesce(target, '') as target,
      coalesce(label, '') as label, is_bot
    from day_events where type = 'click'
  ),
  kept as (
    select label from clicks group by label order by count(*) desc, label collate "C" limit $3::int
  )
  select $1::uuid, $2::date, c.video_id, c.slot_id, c.target, case when k.label is null then '${OTHER_KEY}' else c.label end, c.is_bot, count(*)
  from clicks c left join kept k on k.label = c.label
  group by 3, 4, 5, 6, 7`;
