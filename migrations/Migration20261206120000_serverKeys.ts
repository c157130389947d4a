import { Migration } from '@mikro-orm/migrations';

/**
 * A secret `server` key kind for conversions sent from a shop's backend, a grace period for
 * replaced keys, and the two columns rollups use to trust server conversions over browser ones.
 *
 * `events.from_server` is added with a constant default: PostgreSQL stores it in the catalog, so
 * the partitioned table is not rewritten and the migration is quick on a large table.
 */
export class Migration20261206120000_serverKeys extends Migration {
  override up(): void {
    this.addSql(`alter table "api_keys" drop constraint if exists "api_keys_kind_check";`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_kind_check" check ("kind" in ('write', 'read', 'admin', 'server'));`);
    this.addSql(`alter table "api_keys" add column "expires_at" timestamptz null;`);
    this.addSql(`alter table "projects" add column "server_conversions_only" boolean not null default false;`);
    this.addSql(`alter table events add column from_server boolean not null default false;`);
  }

  /** Server keys cannot exist under the old constraint: they are deleted, as are grace periods. */
  override down(): void {
    this.addSql(`alter table events drop column from_server;`);
    this.addSql(`alter table "projects" drop column "server_conversions_only";`);
    this.addSql(`alter table "api_keys" drop column "expires_at";`);
    this.addSql(`delete from "api_keys" where "kind" = 'server';`);
    this.addSql(`alter table "api_keys" drop constraint if exists "api_keys_kind_check";`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_kind_check" check ("kind" in ('write', 'read', 'admin'));`);
  }
}
