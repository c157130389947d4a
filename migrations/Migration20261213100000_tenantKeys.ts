import { Migration } from '@mikro-orm/migrations';

/**
 * Every per-project table's primary key begins with `project_id` (docs/architecture.md,
 * "Distribution"), so a Citus cluster can distribute them by project and keep each project's
 * rows, and the keys that hold them unique, on one node. These three were keyed by an id alone;
 * the ids stay unique in practice (random UUIDs) and every statement already names the project.
 * Rebuilding a key rewrites its index only, not the table.
 */
const REKEYED = [
  ['funnels', 'id', 'project_id, id'],
  ['journeys', 'id', 'project_id, id'],
  ['journey_events', 'journey_id, event_id', 'project_id, journey_id, event_id'],
] as const;

export class Migration20261213100000_tenantKeys extends Migration {
  override up(): void {
    for (const [table, , key] of REKEYED) {
      this.addSql(`alter table ${table} drop constraint ${table}_pkey, add constraint ${table}_pkey primary key (${key});`);
    }
  }

  override down(): void {
    for (const [table, key] of [...REKEYED].reverse()) {
      this.addSql(`alter table ${table} drop constraint ${table}_pkey, add constraint ${table}_pkey primary key (${key});`);
    }
  }
}
