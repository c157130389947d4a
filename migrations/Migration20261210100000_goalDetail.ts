import { Migration } from '@mikro-orm/migrations';

/**
 * Detail of conversions, clicks and custom events. Conversions per goal keep the video and slot
 * of the play each is attributed to, and the value in the project currency, so a goal's answer
 * can say what it was worth and which video earned it. The key widens by (video_id, slot_id); the rows already stored become the empty pair until
 * the clock rolls their days up again, which every rolled-up day is marked for.
 *
 * - `daily_clicks`: clicks per (video, slot, target, label); '' is a click without a label, and
 *   the least-clicked labels past the day's cap fold into `(other)`.
 * - `daily_custom_events`: `custom` events per name, the names past the day's cap under `(other)`.
 */
export class Migration20261210100000_goalDetail extends Migration {
  override up(): void {
    this.addSql(`alter table daily_goals
      add column video_id text not null default '',
      add column slot_id text not null default '',
      add column value numeric not null default 0;`);
    this.addSql(`alter table daily_goals drop constraint daily_goals_pkey;`);
    this.addSql(`alter table daily_goals add primary key (project_id, day, goal_kind, goal, video_id, slot_id, is_bot);`);
    this.addSql(`create table daily_clicks (
      project_id uuid not null,
      day date not null,
      video_id text not null,
      slot_id text not null,
      target text not null,
      label text not null,
      is_bot boolean not null,
      clicks bigint not null,
      primary key (project_id, day, video_id, slot_id, target, label, is_bot)
    );`);
    this.addSql(`create table daily_custom_events (
      project_id uuid not null,
      day date not null,
      name text not null,
      is_bot boolean not null,
      events bigint not null,
      primary key (project_id, day, name, is_bot)
    );`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table daily_custom_events;`);
    this.addSql(`drop table daily_clicks;`);
    // The narrower key cannot hold per-video rows; the days are rolled up again instead.
    this.addSql(`delete from daily_goals;`);
    this.addSql(`alter table daily_goals drop constraint daily_goals_pkey;`);
    this.addSql(`alter table daily_goals drop column video_id, drop column slot_id, drop column value;`);
    this.addSql(`alter table daily_goals add primary key (project_id, day, goal_kind, goal, is_bot);`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }
}
