import { Migration } from '@mikro-orm/migrations';

/**
 * Retention deletes a project's Video Spec signal bookkeeping by time, as it deletes the raw
 * events (shared/retention/expireVideoStates.ts); without an index by (project, time) each of
 * its batches would read every row of the project.
 */
export class Migration20261212130000_videoStateRetention extends Migration {
  override up(): void {
    this.addSql(`create index video_state_signals_time_idx on video_state_signals (project_id, occurred_at);`);
    this.addSql(`create index video_state_derived_time_idx on video_state_derived (project_id, occurred_at);`);
  }

  override down(): void {
    this.addSql(`drop index video_state_derived_time_idx;`);
    this.addSql(`drop index video_state_signals_time_idx;`);
  }
}
