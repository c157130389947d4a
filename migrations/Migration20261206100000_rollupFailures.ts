import { Migration } from '@mikro-orm/migrations';

/**
 * A rollup that fails on its data (a value that overflows, a key too long to index) would
 * otherwise be retried every minute forever. Each failing project-day gets one row: the last
 * error, how often it failed, since when, and when it may be tried again (an exponential
 * backoff the clock respects). A later success deletes the row.
 *
 * `dirty_days.marked_at` is when a day last became dirty after being clean: with the day's
 * last rollup time it gives the rollup lag that health output reports.
 */
export class Migration20261206100000_rollupFailures extends Migration {
  override up(): void {
    this.addSql(`create table rollup_failures (
      project_id uuid not null,
      day date not null,
      error text not null,
      attempts integer not null check (attempts > 0),
      first_seen timestamptz not null,
      last_seen timestamptz not null,
      next_attempt_at timestamptz not null,
      primary key (project_id, day)
    );`);
    this.addSql(`alter table dirty_days add column marked_at timestamptz not null default now();`);
  }

  override down(): void {
    this.addSql(`alter table dirty_days drop column marked_at;`);
    this.addSql(`drop table rollup_failures;`);
  }
}
