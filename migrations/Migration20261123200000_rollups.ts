import { Migration } from '@mikro-orm/migrations';

/**
 * Facts that span days, kept at event level (plays and first milestones), and the daily
 * rollup tables that stats read. Hand-written; listed in schemaGenerator.skipTables.
 *
 * Every daily table carries `is_bot` from the first rollup on, so including bots in a
 * figure needs no rebuild. A rollup replaces one (project, day) of all of them at once.
 */
export class Migration20261123200000_rollups extends Migration {
  override up(): void {
    // One row per play: its earliest video_play decides its day, video, slot and bot flag.
    this.addSql(`create table plays (
      project_id uuid not null,
      play_id uuid not null,
      first_at timestamptz not null,
      visitor_id uuid not null,
      session_id uuid not null,
      video_id text not null,
      slot_id text not null,
      is_bot boolean not null,
      primary key (project_id, play_id)
    );`);
    this.addSql(`create index plays_visitor_idx on plays (project_id, visitor_id, first_at);`);
    this.addSql(`create index plays_time_idx on plays (project_id, first_at);`);

    // The first time each play crossed 25/50/75/100 %.
    this.addSql(`create table play_milestones (
      project_id uuid not null,
      play_id uuid not null,
      percent smallint not null,
      first_at timestamptz not null,
      visitor_id uuid not null,
      video_id text not null,
      slot_id text not null,
      is_bot boolean not null,
      primary key (project_id, play_id, percent)
    );`);
    this.addSql(`create index play_milestones_time_idx on play_milestones (project_id, first_at);`);

    // Conversion attribution and dedup look events up by visitor and by order id.
    this.addSql(`create index events_visitor_idx on events (project_id, visitor_id, occurred_at);`);
    this.addSql(`create index events_order_idx on events (project_id, order_id) where order_id is not null;`);

    // rollup_seq stamps each rebuilt day: stats ETags change exactly when a figure may have.
    this.addSql(`create sequence rollup_seq;`);
    this.addSql(`create table rollup_days (
      project_id uuid not null,
      day date not null,
      seq bigint not null,
      rolled_at timestamptz not null default now(),
      primary key (project_id, day)
    );`);

    const metrics = `plays bigint not null default 0,
      reach25 bigint not null default 0,
      reach50 bigint not null default 0,
      reach75 bigint not null default 0,
      reach100 bigint not null default 0,
      watch_seconds double precision not null default 0,
      cta_clicks bigint not null default 0,
      detail_clicks bigint not null default 0,
      choice_clicks bigint not null default 0,
      conversions bigint not null default 0,
      conversion_value numeric(20,4) not null default 0`;

    this.addSql(`create table daily_project (
      project_id uuid not null,
      day date not null,
      is_bot boolean not null,
      impressions bigint not null default 0,
      opens bigint not null default 0,
      ${metrics},
      primary key (project_id, day, is_bot)
    );`);

    this.addSql(`create table daily_slot (
      project_id uuid not null,
      day date not null,
      video_id text not null,
      slot_id text not null,
      is_bot boolean not null,
      ${metrics},
      primary key (project_id, day, video_id, slot_id, is_bot)
    );`);

    this.addSql(`create table daily_page (
      project_id uuid not null,
      day date not null,
      page_key text not null,
      is_bot boolean not null,
      opens bigint not null default 0,
      primary key (project_id, day, page_key, is_bot)
    );`);

    this.addSql(`create table daily_transitions (
      project_id uuid not null,
      day date not null,
      from_slot_id text not null,
      to_slot_id text not null,
      is_bot boolean not null,
      count bigint not null default 0,
      primary key (project_id, day, from_slot_id, to_slot_id, is_bot)
    );`);

    // Conversion values per currency (the project currency included); never mixed.
    this.addSql(`create table daily_conversion_values (
      project_id uuid not null,
      day date not null,
      video_id text not null,
      slot_id text not null,
      currency char(3) not null,
      is_bot boolean not null,
      conversions bigint not null default 0,
      value numeric(20,4) not null default 0,
      primary key (project_id, day, video_id, slot_id, currency, is_bot)
    );`);

    // Per-day member sets for distinct metrics, which never sum across days or levels.
    // kind: 1 visitor, 2 session, 3 viewer, 4 page visitor. scope: '' (project),
    // 'v:' || video_id, 's:' || video_id || chr(31) || slot_id, or a page key (kind 4).
    this.addSql(`create table daily_members (
      project_id uuid not null,
      day date not null,
      kind smallint not null,
      scope text not null,
      member uuid not null,
      is_bot boolean not null,
      primary key (project_id, kind, scope, day, member, is_bot)
    );`);
  }

  override down(): void {
    this.addSql(`drop table daily_members;`);
    this.addSql(`drop table daily_conversion_values;`);
    this.addSql(`drop table daily_transitions;`);
    this.addSql(`drop table daily_page;`);
    this.addSql(`drop table daily_slot;`);
    this.addSql(`drop table daily_project;`);
    this.addSql(`drop table rollup_days;`);
    this.addSql(`drop sequence rollup_seq;`);
    this.addSql(`drop index events_order_idx;`);
    this.addSql(`drop index events_visitor_idx;`);
    this.addSql(`drop table play_milestones;`);
    this.addSql(`drop table plays;`);
  }
}
