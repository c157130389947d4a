import { Migration } from '@mikro-orm/migrations';

/**
 * Site figures in the daily rollups (docs/architecture.md, "Site figures"): the project's page
 * views and the figures of the sessions that started on the day, as additive columns. Sessions
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
    this.addSql(`delete from daily_sets where kind = 2;`);
    this.addSql(`delete from monthly_sets where kind = 2;`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`alter table daily_project
      drop column pageviews, drop column sessions, drop column bounces, drop column session_seconds,
      drop column session_pages, drop column new_sessions, drop column returning_sessions;`);
    // The previous code reads session sets again: rebuild every rolled-up day.
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }
}
