import { Migration } from '@mikro-orm/migrations';

/**
 * Holdout (docs/architecture.md, "Uplift"): a project holds back `holdout_percent` of its
 * visitors (0–50, 0 = off) from seeing the widget, chosen by `holdout_bucket(salt, visitor)`.
 * Every project gets its own random salt, so one visitor is not held out everywhere at once;
 * the column default gives existing projects (evaluated per row) and new ones theirs.
 *
 * `holdout_bucket` is FNV-1a (32 bit) of salt || visitor id as text, modulo 100: the same
 * value as `shared/holdout/bucket.ts` and the tracker. The rollup recomputes it for every
 * `holdout` event, so an exposed visitor cannot claim to be held out; the verified ones are
 * the held-out member sets (kind 10). No day needs a new rollup: no `holdout` event existed
 * before this.
 */
export class Migration20261211140000_holdout extends Migration {
  override up(): void {
    this.addSql(`alter table projects
      add column holdout_percent smallint not null default 0 constraint projects_holdout_percent_check check (holdout_percent between 0 and 50),
      add column holdout_salt varchar(32) not null default replace(gen_random_uuid()::text, '-', '');`);
    this.addSql(`create function holdout_bucket(salt text, visitor uuid) returns integer
      language plpgsql immutable strict parallel safe as $$
      declare
        bytes bytea := convert_to(salt || visitor::text, 'UTF8');
        hash bigint := 2166136261;
      begin
        for i in 0 .. length(bytes) - 1 loop
          hash := ((hash # get_byte(bytes, i)) * 16777619) & 4294967295;
        end loop;
        return (hash % 100)::integer;
      end $$;`);
  }

  /** Holdout events stay stored; the held-out sets (kind 10) go, since nothing reads them. */
  override down(): void {
    this.addSql(`delete from daily_sets where kind = 10;`);
    this.addSql(`delete from monthly_sets where kind = 10;`);
    this.addSql(`drop function holdout_bucket(text, uuid);`);
    this.addSql(`alter table projects drop column holdout_salt, drop column holdout_percent;`);
  }
}
