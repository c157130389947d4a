import { Migration } from '@mikro-orm/migrations';

/**
 * Erasure and background jobs.
 *
 * `erased_visitors` keeps one tombstone per erased visitor: a SHA-256 of project and visitor id,
 * never the id itself, so later events of that visitor can be refused without keeping who it
 * was. It goes with its project (foreign key, cascade).
 *
 * `lifecycle_jobs` records the long work the API hands to the worker (erasing a visitor,
 * removing a deleted project's rows) so that its progress can be asked for. It has no foreign
 * key to `projects`: the job that removes a deleted project's rows must outlive the project row,
 * and the project sweep leaves this table alone. `plan` is what a retried job needs to resume
 * (an erasure's affected days, found before the rows that name them are deleted); it is never
 * shown. Finished jobs are pruned after 30 days (index on `finished_at`).
 */
export class Migration20261209110000_erasure extends Migration {
  override up(): void {
    this.addSql(`create table erased_visitors (
      project_id uuid not null references projects (id) on delete cascade,
      visitor_hash char(64) not null,
      erased_at timestamptz not null default now(),
      primary key (project_id, visitor_hash)
    );`);
    this.addSql(`create table lifecycle_jobs (
      id uuid primary key,
      project_id uuid not null,
      kind text not null check (kind in ('erase_visitor', 'delete_project')),
      state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
      progress jsonb not null default '{}'::jsonb,
      plan jsonb,
      error text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );`);
    this.addSql(`create index lifecycle_jobs_finished_idx on lifecycle_jobs (finished_at) where finished_at is not null;`);
    this.addSql(`create index lifecycle_jobs_open_idx on lifecycle_jobs (created_at) where state in ('queued', 'running');`);
  }

  override down(): void {
    this.addSql(`drop table lifecycle_jobs;`);
    this.addSql(`drop table erased_visitors;`);
  }
}
