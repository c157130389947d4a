import { Migration } from '@mikro-orm/migrations';

/**
 * Sessions for the events stored before the writer kept them (docs/architecture.md, "Sessions").
 * `visitor_firsts.first_event` keeps the id of the visitor's earliest event, so two events at
 * the same instant resolve the same way whichever batch brings them.
 */
export class Migration20261207101000_sessionsBackfill extends Migration {
  override up(): void {
    this.addSql(`alter table visitor_firsts add column first_event uuid;`);
    this.addSql(`alter table visitor_firsts alter column first_event set not null;`);
  }

  override down(): void {
    this.addSql(`alter table visitor_firsts drop column first_event;`);
  }
}
