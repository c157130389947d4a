import { Migration } from '@mikro-orm/migrations';

/**
 * Retention of raw events becomes enforced and changeable (docs/architecture.md, "Retention").
 *
 * - `retention_days` defaults to 90; existing values are kept, only clamped into [31, 3650]:
 *   31 so that the 30-day conversion window always reads stored plays, 3650 as a sane ceiling.
 * - `raw_kept_from` is the start of the earliest local day whose raw events are still complete
 *   (null: never pruned). Retention raises it before it deletes anything; rollups and rebuilds
 *   of earlier days leave their rows alone instead of recomputing them from what is left.
 * - `retention_runs` keeps one row per run (when, how long, how many rows), for operators.
 */
export class Migration20261209100000_retention extends Migration {
  override up(): void {
    this.addSql(`alter table projects alter column retention_days set default 90;`);
    this.addSql(`update projects set retention_days = least(greatest(retention_days, 31), 3650)
      where retention_days not between 31 and 3650;`);
    this.addSql(`alter table projects add column raw_kept_from timestamptz null;`);

    this.addSql(`create table retention_runs (
      id bigserial primary key,
      as_of timestamptz not null,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      duration_ms integer not null,
      partitions_dropped integer not null,
      rows_deleted bigint not null,
      report jsonb not null
    );`);
    this.addSql(`create index retention_runs_started_idx on retention_runs (started_at);`);
    // Dead letters are deleted by age in batches; without this each batch would scan them all.
    this.addSql(`create index dead_letters_created_at_index on dead_letters (created_at);`);
  }

  override down(): void {
    this.addSql(`drop index if exists dead_letters_created_at_index;`);
    this.addSql(`drop table if exists retention_runs;`);
    this.addSql(`alter table projects drop column raw_kept_from;`);
    this.addSql(`alter table projects alter column retention_days set default 400;`);
  }
}
