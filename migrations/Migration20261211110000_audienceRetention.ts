import { Migration } from '@mikro-orm/migrations';

/**
 * Audience retention (docs/architecture.md, "Audience retention"):
 * - `events` gains the played range of a `video_time` (`range_from`, `range_to`, media seconds)
 *   and the media duration a `video_play` reports (`media_duration`);
 * - `play_watch_ranges` keeps every played range per play, a fact like `plays`: a range sent on a
 *   later day still belongs to its play's start day, and it outlives the raw events as plays do;
 * - `daily_watch_curves` holds per (video, day, bot flag) the plays that started that day and,
 *   per second of media, how many of them watched it (`unique_plays`) and how often it was
 *   watched (`views`), plus the durations the tracker reported, so any range sums;
 * - videos get an optional catalog `duration`.
 * No day rolled up before this has ranges to count, so nothing is re-marked.
 */
export class Migration20261211110000_audienceRetention extends Migration {
  override up(): void {
    this.addSql(`alter table events add column range_from float8, add column range_to float8, add column media_duration float8;`);
    this.addSql(`create table play_watch_ranges (
      project_id uuid not null,
      event_id uuid not null,
      play_id uuid not null,
      visitor_id uuid not null,
      range_from float8 not null,
      range_to float8 not null,
      at timestamptz not null,
      primary key (project_id, event_id)
    );`);
    this.addSql(`create index play_watch_ranges_play_idx on play_watch_ranges (project_id, play_id);`);
    this.addSql(`create index play_watch_ranges_visitor_idx on play_watch_ranges (project_id, visitor_id);`);
    this.addSql(`create table daily_watch_curves (
      project_id uuid not null,
      day date not null,
      video_id text not null,
      is_bot boolean not null,
      plays integer not null,
      unique_plays integer[] not null,
      views integer[] not null,
      reported_durations float8[] not null,
      reported_duration_events integer[] not null,
      primary key (project_id, day, video_id, is_bot)
    );`);
    this.addSql(`alter table "videos" add column "duration" double precision null;`);
  }

  override down(): void {
    this.addSql(`alter table "videos" drop column "duration";`);
    this.addSql(`drop table daily_watch_curves;`);
    this.addSql(`drop table play_watch_ranges;`);
    this.addSql(`alter table events drop column range_from, drop column range_to, drop column media_duration;`);
  }
}
