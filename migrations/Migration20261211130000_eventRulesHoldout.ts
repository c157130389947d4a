import { Migration } from '@mikro-orm/migrations';

/**
 * Event-based conversion rules (docs/architecture.md, "Conversion rules"): besides the URL kinds,
 * a rule may match a form submit of a form id (`form`, optionally of one `outcome`), a custom
 * event name (`custom`) or a click label (`click`, optionally of one `target`). The qualifiers
 * belong to one kind each, which the admin API holds (the compiler reads each only for its own
 * kind). Rules apply at rollup time, so nothing already rolled up changes until a rule of the
 * new kinds exists.
 */
export class Migration20261211130000_eventRulesHoldout extends Migration {
  override up(): void {
    this.addSql(`alter table conversion_rules drop constraint conversion_rules_kind_check;`);
    this.addSql(`alter table conversion_rules add constraint conversion_rules_kind_check
      check (kind in ('exact', 'prefix', 'pattern', 'form', 'custom', 'click'));`);
    this.addSql(`alter table conversion_rules add column outcome varchar(256) null,
      add column target text null,
      add constraint conversion_rules_target_check check (target in ('cta', 'detail', 'choice'));`);
  }

  /** Event rules cannot exist under the old kinds: they are deleted. */
  override down(): void {
    this.addSql(`delete from conversion_rules where kind in ('form', 'custom', 'click');`);
    this.addSql(`alter table conversion_rules drop constraint conversion_rules_target_check, drop column target, drop column outcome;`);
    this.addSql(`alter table conversion_rules drop constraint conversion_rules_kind_check;`);
    this.addSql(`alter table conversion_rules add constraint conversion_rules_kind_check check (kind in ('exact', 'prefix', 'pattern'));`);
  }
}
