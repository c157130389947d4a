import { Migration } from '@mikro-orm/migrations';

/**
 * Uplift (docs/architecture.md, "Uplift"): `daily_visitor_goals` keeps, per day and visitor
 * (member number) with a goal, the goals a play assisted and those none did, with their values
 * in the project currency; the day's member sets gain the impressed visitors (kind 9). Days
 * already rolled up have neither, so they are marked dirty and rolled up again.
 */
export class Migration20261210120000_uplift extends Migration {
  override up(): void {
    this.addSql(`create table daily_visitor_goals (
      project_id uuid not null,
      day date not null,
      visitor_n integer not null,
      is_bot boolean not null,
      assisted bigint not null default 0,
      assisted_value numeric not null default 0,
      unassisted bigint not null default 0,
      unassisted_value numeric not null default 0,
      primary key (project_id, day, visitor_n, is_bot)
    );`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from (select distinct project_id, day from daily_project) d
      order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table daily_visitor_goals;`);
  }
}
