import { Migration } from '@mikro-orm/migrations';

/**
 * Segment's Video Spec (docs/architecture.md, "Video Spec signals"): the worker derives a play's
 * video events from all of its `video_state` signals, so it needs
 * - `video_state_signals`: the stored signals of each play, by play (the events table has no
 *   index by play), with what finds the full row in `events` (visitor, time, id);
 * - `video_state_derived`: what the last derivation of each play stored (event id, where the row
 *   lies, a fingerprint of its content), so a new signal that changes the derivation can delete
 *   exactly the events and facts the old one made, and one that only adds to it inserts the rest.
 * Both carry `visitor_id`, so erasure deletes their rows with every other table of the visitor.
 * No event of this type existed before, so nothing is backfilled or re-marked.
 */
export class Migration20261212110000_videoState extends Migration {
  override up(): void {
    this.addSql(`create table video_state_signals (
      project_id uuid not null,
      play_id uuid not null,
      event_id uuid not null,
      visitor_id uuid not null,
      occurred_at timestamptz not null,
      primary key (project_id, play_id, event_id)
    );`);
    this.addSql(`create index video_state_signals_visitor_idx on video_state_signals (project_id, visitor_id);`);
    this.addSql(`create table video_state_derived (
      project_id uuid not null,
      play_id uuid not null,
      event_id uuid not null,
      visitor_id uuid not null,
      occurred_at timestamptz not null,
      type text not null,
      fingerprint text not null,
      primary key (project_id, play_id, event_id)
    );`);
    this.addSql(`create index video_state_derived_visitor_idx on video_state_derived (project_id, visitor_id);`);
  }

  override down(): void {
    this.addSql(`drop table video_state_derived;`);
    this.addSql(`drop table video_state_signals;`);
  }
}
