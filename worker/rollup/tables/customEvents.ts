import { OTHER_KEY } from '../capsSql.js';

/** Custom event names one project-day keeps apart; the least frequent past it count under `(other)`. */
export const MAX_CUSTOM_NAMES_PER_DAY = 1000;

/**
 * The day's `custom` events per name (daily_custom_events), from the staged events; $1 project
 * id, $2 the local day, $3 the names cap. Names are kept by their events on the day, ties by
 * name, so a rollup is repeatable.
 */
export const INSERT_DAY_CUSTOM_EVENTS_SQL = `insert into daily_custom_events (project_id, day, name, is_bot, events)
  with custom as (
    select name, is_bot from day_events where type = 'custom' and name is not null
  ),
  kept as (
    select name from custom group by name order by count(*) desc, name collate "C" limit $3::int
  )
  select $1::uuid, $2::date, case when k.name is null then '${OTHER_KEY}' else c.name end, c.is_bot, count(*)
  from custom c left join kept k on k.name = c.name
  group by 3, 4`;
