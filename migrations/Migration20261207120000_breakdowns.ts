import { Migration } from '@mikro-orm/migrations';

/**
 * Breakdowns (docs/architecture.md, "Breakdowns"): the project's figures per value of each
 * session dimension (source, campaign, device, country …) and the video figures per value of
 * a few of them. One column per additive figure of the level, as in daily_project and
 * daily_slot (the site figures included); distinct figures live in daily_sets under their own
 * scopes, so no DDL. Every rolled-up day is marked dirty so the clock fills them in.
 */
const PROJECT_COLUMNS = `impressions bigint not null default 0,
      opens bigint not null default 0,
      interactions bigint not null default 0,
      pageviews bigint not null default 0,
      sessions bigint not null default 0,
      bounces bigint not null default 0,
      session_seconds double precision not null default 0,
      session_pages bigint not null default 0,
      new_sessions bigint not null default 0,
      returning_sessions bigint not null default 0,`;

const SLOT_COLUMNS = `plays bigint not null default 0,
      reach25 bigint not null default 0,
      reach50 bigint not null default 0,
      reach75 bigint not null default 0,
      reach100 bigint not null default 0,
      watch_seconds double precision not null default 0,
      cta_clicks bigint not null default 0,
      detail_clicks bigint not null default 0,
      choice_clicks bigint not null default 0,
      conversions bigint not null default 0,
      conversion_value numeric not null default 0`;

export class Migration20261207120000_breakdowns extends Migration {
  override up(): void {
    // value: the dimension's fields joined with chr(31), `(none)` for a missing one; latitude
    // and longitude only on city rows with a known place.
    this.addSql(`create table daily_breakdown (
      project_id uuid not null,
      day date not null,
      dim text not null,
      value text not null,
      is_bot boolean not null,
      latitude real,
      longitude real,
      ${PROJECT_COLUMNS}
      ${SLOT_COLUMNS},
      primary key (project_id, day, dim, value, is_bot)
    );`);
    this.addSql(`create table daily_video_breakdown (
      project_id uuid not null,
      day date not null,
      dim text not null,
      value text not null,
      video_id text not null,
      is_bot boolean not null,
      interactions bigint not null default 0,
      ${SLOT_COLUMNS},
      primary key (project_id, day, dim, value, video_id, is_bot)
    );`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table daily_video_breakdown;`);
    this.addSql(`drop table daily_breakdown;`);
    this.addSql(`delete from daily_sets where scope like 'b:%' or scope like 'vb:%';`);
    this.addSql(`delete from monthly_sets where scope like 'b:%' or scope like 'vb:%';`);
  }
}
