import { Migration } from '@mikro-orm/migrations';

/**
 * A rollup deletes one (project, day) of daily_members before writing it again; day is the
 * primary key's fourth column, so without this index the delete walked the project's whole key.
 */
export class Migration20261123220000_membersDayIndex extends Migration {
  override up(): void {
    this.addSql(`create index daily_members_day_idx on daily_members (project_id, day);`);
  }

  override down(): void {
    this.addSql(`drop index daily_members_day_idx;`);
  }
}
