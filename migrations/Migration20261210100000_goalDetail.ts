import { Migration } from '@mikro-orm/migrations';

/**
 * Conversions per goal keep the video and slot of the play each is attributed to, and the value
 * in the project currency, so a goal's answer can say what it was worth and which video earned
 * it. The key widens by (video_id, slot_id); the rows already stored become the empty pair until
 * the clock rolls their days up again, which every rolled-up day is marked for.
 */
export class Migration20261210100000_goalDetail extends Migration {
  override up(): void {
    this.addSql(`alter table daily_goals
      add column video_id text not null default '',
      add column slot_id text not null default '',
      add column value numeric not null default 0;`);
    this.addSql(`alter table daily_goals drop constraint daily_goals_pkey;`);
    this.addSql(`alter table daily_goals add primary key (project_id, day, goal_kind, goal, video_id, slot_id, is_bot);`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
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
