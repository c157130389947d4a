import { Migration } from '@mikro-orm/migrations';

/**
 * Dashboard accounts: users with a scrypt password hash, their server-side sessions (the cookie
 * only as a SHA-256) and their role in each project. Deleting a project or a user removes its
 * memberships and sessions with it.
 */
export class Migration20261208100000_accounts extends Migration {
  override up(): void {
    this.addSql(`create table "users" ("id" uuid not null, "email" text not null, "password_hash" text not null, "created_at" timestamptz not null, "password_changed_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "project_members" ("project_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('viewer', 'member', 'admin', 'owner')) not null, "created_at" timestamptz not null, constraint "project_members_pkey" primary key ("project_id", "user_id"));`);
    this.addSql(`create index "project_members_user_id_index" on "project_members" ("user_id");`);

    this.addSql(`create table "user_sessions" ("token_hash" char(64) not null, "user_id" uuid not null, "csrf_token" text not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, constraint "user_sessions_pkey" primary key ("token_hash"));`);
    this.addSql(`create index "user_sessions_user_id_index" on "user_sessions" ("user_id");`);
    this.addSql(`create index "user_sessions_expires_at_index" on "user_sessions" ("expires_at");`);

    this.addSql(`alter table "project_members" add constraint "project_members_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_members" add constraint "project_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_sessions" add constraint "user_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override down(): void {
    this.addSql(`drop table if exists "user_sessions" cascade;`);
    this.addSql(`drop table if exists "project_members" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
  }
}
