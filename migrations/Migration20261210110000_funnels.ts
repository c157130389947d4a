import { Migration } from '@mikro-orm/migrations';

/**
 * Saved funnels: per project, a name, 2–10 steps (jsonb, validated by the admin API), the unit
 * counted (session, or visitor within `window_days` of its first step) and the mode (ordered or
 * unordered). Their figures are computed at request time from raw events, so nothing else is kept.
 */
export class Migration20261210110000_funnels extends Migration {
  override up(): void {
    this.addSql(`create table funnels (
      id uuid not null primary key,
      project_id uuid not null references projects (id) on delete cascade,
      name varchar(200) not null,
      steps jsonb not null,
      unit text not null check (unit in ('session', 'visitor')),
      window_days integer not null check (window_days between 1 and 90),
      mode text not null check (mode in ('ordered', 'unordered')),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );`);
    this.addSql(`create index funnels_project_idx on funnels (project_id, created_at, id);`);
  }

  override down(): void {
    this.addSql(`drop table funnels;`);
  }
}
