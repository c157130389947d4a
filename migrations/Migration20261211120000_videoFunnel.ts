import { Migration } from '@mikro-orm/migrations';

/**
 * The video funnel and identify (docs/architecture.md, "Video funnel"):
 * - impressions and opens that name the video and slot shown count per (video, slot) too, so
 *   `daily_slot` and its per-video breakdown gain both columns;
 * - `daily_play_outcomes` lists per day the plays that had a CTA click and the plays a counted
 *   conversion was attributed to, one row per (day, outcome, play), so a range counts each play
 *   once however many days it converted on;
 * - `visitor_users` keeps every (visitor, user id) pair an `identify` event named, with when it
 *   was first and last seen: personal data, erased and exported with the visitor.
 * Days already rolled up have none of these rows, so they are marked dirty and rolled up again.
 */
export class Migration20261211120000_videoFunnel extends Migration {
  override up(): void {
    for (const table of ['daily_slot', 'daily_video_breakdown']) {
      this.addSql(`alter table ${table} add column impressions bigint not null default 0, add column opens bigint not null default 0;`);
    }
    this.addSql(`create table daily_play_outcomes (
      project_id uuid not null,
      day date not null,
      outcome text not null check (outcome in ('cta', 'conversion')),
      play_id uuid not null,
      video_id text not null,
      slot_id text not null,
      is_bot boolean not null,
      primary key (project_id, day, outcome, play_id)
    );`);
    this.addSql(`create table visitor_users (
      project_id uuid not null,
      visitor_id uuid not null,
      user_id text not null,
      first_at timestamptz not null,
      last_at timestamptz not null,
      primary key (project_id, visitor_id, user_id)
    );`);
    this.addSql(`create index visitor_users_user on visitor_users (project_id, user_id);`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from (select distinct project_id, day from daily_project) d
      order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table visitor_users;`);
    this.addSql(`drop table daily_play_outcomes;`);
    for (const table of ['daily_slot', 'daily_video_breakdown']) {
      this.addSql(`alter table ${table} drop column impressions, drop column opens;`);
    }
  }
}
