import { Migration } from '@mikro-orm/migrations';

export class Migration20261123180434_catalog extends Migration {

  override up(): void {
    this.addSql(`create table "dead_letters" ("id" bigserial primary key, "project_id" uuid null, "job_id" varchar(255) null, "payload" jsonb not null, "reason" text not null, "created_at" timestamptz not null, "replayed_at" timestamptz null);`);

    this.addSql(`create table "projects" ("id" uuid not null, "name" varchar(200) not null, "timezone" varchar(64) not null, "allowed_origins" text[] not null default '{}', "currency" varchar(3) not null default 'USD', "conversion_window_days" int not null default 30, "retention_days" int not null default 400, "form_allowlist" text[] not null default '{}', "query_allowlist" text[] not null default '{}', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "projects_pkey" primary key ("id"));`);

    this.addSql(`create table "conversion_rules" ("id" uuid not null, "project_id" uuid not null, "name" varchar(200) not null, "kind" text check ("kind" in ('exact', 'prefix', 'pattern')) not null, "pattern" varchar(2048) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "conversion_rules_pkey" primary key ("id"));`);

    this.addSql(`create table "api_keys" ("id" uuid not null, "project_id" uuid not null, "kind" text check ("kind" in ('write', 'read', 'admin')) not null, "prefix" varchar(32) not null, "hash" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "slots" ("id" uuid not null, "project_id" uuid not null, "slot_id" varchar(128) not null, "video_id" varchar(128) not null, "cta_label" varchar(256) null, "cta_url" varchar(2048) null, "detail_label" varchar(256) null, "detail_url" varchar(2048) null, "links" text[] not null default '{}', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "slots_pkey" primary key ("id"));`);
    this.addSql(`alter table "slots" add constraint "slots_project_id_slot_id_unique" unique ("project_id", "slot_id");`);

    this.addSql(`create table "videos" ("id" uuid not null, "project_id" uuid not null, "video_id" varchar(128) not null, "title" varchar(256) not null, "video_url" varchar(2048) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "videos_pkey" primary key ("id"));`);
    this.addSql(`alter table "videos" add constraint "videos_project_id_video_id_unique" unique ("project_id", "video_id");`);

    this.addSql(`alter table "conversion_rules" add constraint "conversion_rules_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "slots" add constraint "slots_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "videos" add constraint "videos_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);
  }

  override down(): void {
    // The tables that reference projects go first; their foreign keys go with them.
    this.addSql(`drop table "videos";`);
    this.addSql(`drop table "slots";`);
    this.addSql(`drop table "api_keys";`);
    this.addSql(`drop table "conversion_rules";`);
    this.addSql(`drop table "projects";`);
    this.addSql(`drop table "dead_letters";`);
  }
}
