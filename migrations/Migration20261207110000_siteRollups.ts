import { Migration } from '@mikro-orm/migrations';

/**
 * Site figures in the rollups (docs/architecture.md, "Site figures"):
 * - daily_project: the project's page views and the figures of the sessions that started on
 *   the day, as additive columns;
 * - daily_page: views, entries, exits, timed views with their summed time on page, and the
 *   interactions carrying the page's key; daily_page_times: a histogram of time on page in
 *   whole seconds per (day, page, bot flag), from which medians are read;
 * - hourly_project: the additive project figures per local hour, the hour's distinct visitors
 *   and openers, and sessions per source class.
 * Sessions
 * now count once, on their start day, so they are summed rather than kept as member sets: the
 * old per-day session sets (kind 2) are deleted and their kind number stays reserved. Every
 * rolled-up day is marked dirty so the clock fills the new columns in for past days too.
 */
export class Migration20261207110000_siteRollups extends Migration {
  override up(): void {
    this.addSql(`alter table daily_project
      add column pageviews bigint not null default 0,
      add column sessions bigint not null default 0,
      add column bounces bigint not null default 0,
      add column session_seconds double precision not null default 0,
      add column session_pages bigint not null default 0,
      add column new_sessions bigint not null default 0,
      add column returning_sessions bigint not null default 0;`);
    this.addSql(`alter table daily_page
      add column views bigint not null default 0,
      add column entries bigint not null default 0,
      add column exits bigint not null default 0,
      add column timed_views bigint not null default 0,
      add column time_on_page_ms bigint not null default 0,
      add column interactions bigint not null default 0;`);
    // bucket = the lower bound in whole seconds of a fixed bucket (see worker/rollup/pageTimes.ts).
    this.addSql(`create table daily_page_times (
      project_id uuid not null,
      day date not null,
      page_key text not null,
      is_bot boolean not null,
      bucket integer not null,
      views bigint not null,
      primary key (project_id, day, page_key, is_bot, bucket)
    );`);
    // hour = the start of the local hour as an instant; a repeated hour (DST end) is two rows.
    this.addSql(`create table hourly_project (
      project_id uuid not null,
      day date not null,
      hour timestamptz not null,
      is_bot boolean not null,
      impressions bigint not null default 0,
      opens bigint not null default 0,
      interactions bigint not null default 0,
      pageviews bigint not null default 0,
      sessions bigint not null default 0,
      bounces bigint not null default 0,
      session_seconds double precision not null default 0,
      session_pages bigint not null default 0,
      new_sessions bigint not null default 0,
      returning_sessions bigint not null default 0,
      plays bigint not null default 0,
      reach25 bigint not null default 0,
      reach50 bigint not null default 0,
      reach75 bigint not null default 0,
      reach100 bigint not null default 0,
      watch_seconds double precision not null default 0,
      cta_clicks bigint not null default 0,
      detail_clicks bigint not null default 0,
      choice_clicks bigint not null default 0,
      conversions bigint not null default 0,
      conversion_value numeric not null default 0,
      visitors bigint not null default 0,
      openers bigint not null default 0,
      sessions_direct bigint not null default 0,
      sessions_search bigint not null default 0,
      sessions_social bigint not null default 0,
      sessions_referral bigint not null default 0,
      primary key (project_id, day, hour, is_bot)
    );`);
    this.addSql(`delete from daily_sets where kind = 2;`);
    this.addSql(`delete from monthly_sets where kind = 2;`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table hourly_project;`);
    this.addSql(`drop table daily_page_times;`);
    this.addSql(`alter table daily_page
      drop column views, drop column entries, drop column exits, drop column timed_views,
      drop column time_on_page_ms, drop column interactions;`);
    this.addSql(`delete from daily_sets where kind in (7, 8);`);
    this.addSql(`delete from monthly_sets where kind in (7, 8);`);
    this.addSql(`alter table daily_project
      drop column pageviews, drop column sessions, drop column bounces, drop column session_seconds,
      drop column session_pages, drop column new_sessions, drop column returning_sessions;`);
    // The previous code reads session sets again: rebuild every rolled-up day.
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }
}
