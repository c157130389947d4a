import { Migration } from '@mikro-orm/migrations';

/**
 * Retention deletes a play's Video Spec bookkeeping once its latest signal is past the plays'
 * horizon (shared/retention/expireVideoStates.ts): it looks for old signals by time, which the
 * primary key (by play) cannot answer without reading every signal of the project.
 */
export class Migration20261212130000_videoStateRetention extends Migration {
  override up(): void {
    this.addSql(`create index video_state_signals_time_idx on video_state_signals (project_id, occurred_at);`);
  }

  override down(): void {
    this.addSql(`drop index video_state_signals_time_idx;`);
  }
}
