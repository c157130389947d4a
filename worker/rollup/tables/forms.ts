import { OTHER_KEY } from '../capsSql.js';

/** Forms one project-day keeps apart; the least active past it count under `(other)`. */
export const MAX_FORMS_PER_DAY = 1000;

/**
 * The day's forms (daily_forms), from the form facts rather than the events; $1 project id,
 * $2 the local day, $3 the forms cap. An attempt (a session's first start of a form) counts
 * `starts`, and `completed` with its time to complete, on the day it started, wherever its submit
 * fell; a submission counts `submits` on its own day, with or without a start. The time to
 * complete is kept as a sum for the mean and a histogram of whole seconds for the median, so a
 * range merges both exactly. Forms are kept by their number of starts and submits on the day,
 * ties by id, so a rollup is repeatable.
 */
export const INSERT_DAY_FORMS_SQL = `insert into daily_forms
    (project_id, day, form_id, is_bot, starts, completed, submits, seconds_sum, seconds_count, seconds_hist)
  with bounds as (
    select (($2::date)::timestamp at time zone timezone) as lo, (($2::date + 1)::timestamp at time zone timezone) as hi
    from projects where id = $1::uuid
  ),
  rows as (
    select t.form_id, t.is_bot, 1 as starts, (t.first_submit_at is not null)::int as completed, 0 as submits,
      extract(epoch from t.first_submit_at - t.started_at)::float8 as seconds
    from form_starts t, bounds b
    where t.project_id = $1::uuid and t.started_at >= b.lo and t.started_at < b.hi
    union all
    select s.form_id, s.is_bot, 0, 0, 1, null
    from form_submissions s, bounds b
    where s.project_id = $1::uuid and s.submitted_at >= b.lo and s.submitted_at < b.hi
  ),
  kept as (
    select form_id from rows group by form_id order by count(*) desc, form_id collate "C" limit $3::int
  ),
  keyed as (
    select case when k.form_id is null then '${OTHER_KEY}' else r.form_id end as form_id, r.is_bot, r.starts, r.completed, r.submits, r.seconds
    from rows r left join kept k on k.form_id = r.form_id
  ),
  hist as (
    select form_id, is_bot, jsonb_object_agg(second, n) as seconds_hist
    from (select form_id, is_bot, floor(seconds)::bigint::text as second, count(*) as n
          from keyed where seconds is not null group by 1, 2, 3) h
    group by 1, 2
  ),
  sums as (
    select form_id, is_bot, sum(starts) as starts, sum(completed) as completed, sum(submits) as submits,
      coalesce(sum(seconds), 0) as seconds_sum, count(seconds) as seconds_count
    from keyed group by 1, 2
  )
  select $1::uuid, $2::date, s.form_id, s.is_bot, s.starts, s.completed, s.submits, s.seconds_sum, s.seconds_count,
    coalesce(h.seconds_hist, '{}'::jsonb)
  from sums s left join hist h on h.form_id = s.form_id and h.is_bot = s.is_bot`;
