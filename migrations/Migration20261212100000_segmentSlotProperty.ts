import { Migration } from '@mikro-orm/migrations';

/**
 * Segment ingest: the property of Video Spec messages that names the widget slot, per project.
 * Null means the default (`slot_id`, shared/segment/slotProperty.ts), so existing projects need
 * no value and a later change of the default reaches every project that never chose one.
 */
export class Migration20261212100000_segmentSlotProperty extends Migration {
  override up(): void {
    this.addSql(`alter table projects
      add column segment_slot_property varchar(64) null constraint projects_segment_slot_property_check check (segment_slot_property ~ '^[A-Za-z0-9_-]+$');`);
  }

  override down(): void {
    this.addSql(`alter table projects drop column segment_slot_property;`);
  }
}
