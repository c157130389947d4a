import { Migration } from '@mikro-orm/migrations';

/**
 * Forms (docs/architecture.md, "Forms"):
 * - `form_submissions`: one row per stored form_submit, with its fields (name, input type,
 *   value length, and the redacted value of an allowlisted field) and the seconds since the
 *   session's first start of that form;
 * - `form_starts`: one row per (session, form) the writer has seen (the row writers lock): the
 *   first form_start (null until one arrives), and the first submit at or after it;
 * - `daily_forms`: per day and form, starts and completed attempts on the start's day, submits on
 *   the submit's day, and the time to complete as a sum and a histogram of whole seconds.
 * Submissions already stored are copied in (field names only: their values were kept under
 * older, weaker rules and are not redacted again here) and their days rolled up again.
 */
export class Migration20261209120000_forms extends Migration {
  override up(): void {
    this.addSql(`create table form_submissions (
      project_id uuid not null,
      event_id uuid not null,
      visitor_id uuid not null,
      session_id uuid not null,
      form_id text not null,
      page_url text,
      submitted_at timestamptz not null,
      outcome text not null,
      fields jsonb not null,
      seconds_to_complete double precision,
      is_bot boolean not null,
      primary key (project_id, event_id)
    );`);
    // The day's rollup, the session's attempts, and the admin list (newest first, keyset).
    this.addSql(`create index form_submissions_time on form_submissions (project_id, submitted_at);`);
    this.addSql(`create index form_submissions_attempt on form_submissions (project_id, session_id, form_id, submitted_at);`);
    this.addSql(`create index form_submissions_list on form_submissions (project_id, form_id, submitted_at desc, event_id desc);`);

    this.addSql(`create table form_starts (
      project_id uuid not null,
      session_id uuid not null,
      form_id text not null,
      visitor_id uuid not null,
      started_at timestamptz,
      start_event uuid,
      first_submit_at timestamptz,
      is_bot boolean not null,
      primary key (project_id, session_id, form_id)
    );`);
    this.addSql(`create index form_starts_time on form_starts (project_id, started_at);`);

    this.addSql(`create table daily_forms (
      project_id uuid not null,
      day date not null,
      form_id text not null,
      is_bot boolean not null,
      starts bigint not null default 0,
      completed bigint not null default 0,
      submits bigint not null default 0,
      seconds_sum double precision not null default 0,
      seconds_count bigint not null default 0,
      seconds_hist jsonb not null default '{}',
      primary key (project_id, day, form_id, is_bot)
    );`);

    this.addSql(`insert into form_submissions (project_id, event_id, visitor_id, session_id, form_id, page_url, submitted_at, outcome, fields, is_bot)
      select e.project_id, e.event_id, e.visitor_id, e.session_id, left(e.props->>'formId', 256), e.url, e.occurred_at,
        left(coalesce(e.props->>'outcome', ''), 256),
        coalesce((select jsonb_agg(jsonb_build_object('name', left(f.name, 256), 'type', null, 'length', null))
                  from jsonb_array_elements(case when jsonb_typeof(e.props->'fields') = 'array' then e.props->'fields' else '[]'::jsonb end) as a(field),
                    lateral (select a.field #>> '{}' as name) f
                  where jsonb_typeof(a.field) = 'string'), '[]'::jsonb),
        e.is_bot
      from events e
      where e.type = 'form_submit' and jsonb_typeof(e.props->'formId') = 'string'
      on conflict do nothing;`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from (
        select distinct s.project_id, (s.submitted_at at time zone p.timezone)::date as day
        from form_submissions s join projects p on p.id = s.project_id
      ) d order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table daily_forms;`);
    this.addSql(`drop table form_starts;`);
    this.addSql(`drop table form_submissions;`);
  }
}
