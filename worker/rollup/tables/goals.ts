/**
 * Counted conversions per goal (a URL rule, or a conversion event's type) and per video and slot
 * of the play each is attributed to, with their value in the project currency (values in other
 * currencies stay in daily_conversion_values, never mixed in). $1 project id, $2 the local day.
 * The video and slot keys are those of the staged conversions, already folded past the day's caps.
 */
export const GOALS_SQL = `insert into daily_goals (project_id, day, goal_kind, goal, video_id, slot_id, is_bot, conversions, value)
  select $1::uuid, $2::date, goal_kind, goal, coalesce(video_id, ''), coalesce(slot_id, ''), is_bot, count(*),
    coalesce(sum(value) filter (where in_project_currency), 0)
  from day_conversions
  group by goal_kind, goal, 5, 6, is_bot`;
