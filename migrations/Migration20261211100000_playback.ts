import { Migration } from '@mikro-orm/migrations';

/**
 * Playback quality (docs/architecture.md, "Playback quality"):
 * - three event columns the playback rollup reads: a video_play's `startup_ms`, a video_stall's
 *   `stall_ms` and a video_error's `fatal` (nullable, so adding them rewrites nothing);
 * - `daily_playback`, per (day, video, slot, bot flag): views, the startup-time histogram over
 *   fixed edges (worker/rollup/tables/playback.ts), exits before start, startup and playback
 *   failures, stalls, stall time and watch seconds.
 * Nothing is backfilled: stored events hold no requests, stalls or errors, and the days already
 * rolled up get their rows the next time they are rolled up (their views are then the plays of
 * old trackers, without startup times).
 */
export class Migration20261211100000_playback extends Migration {
  override up(): void {
    this.addSql(`alter table events add column startup_ms integer, add column stall_ms integer, add column fatal boolean;`);
    this.addSql(`create table daily_playback (
      project_id uuid not null,
      day date not null,
      video_id text not null,
      slot_id text not null,
      is_bot boolean not null,
      views bigint not null default 0,
      started bigint not null default 0,
      startup_hist bigint[] not null,
      exits_before_start bigint not null default 0,
      startup_failures bigint not null default 0,
      playback_failures bigint not null default 0,
      rebuffer_count bigint not null default 0,
      stall_ms bigint not null default 0,
      watch_seconds double precision not null default 0,
      primary key (project_id, day, video_id, slot_id, is_bot)
    );`);
  }

  override down(): void {
    this.addSql(`drop table if exists daily_playback;`);
    this.addSql(`alter table events drop column if exists startup_ms, drop column if exists stall_ms, drop column if exists fatal;`);
  }
}
