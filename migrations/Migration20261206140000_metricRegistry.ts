import { Migration } from '@mikro-orm/migrations';

/**
 * Figures added through the metric registry: `interactions` (a column of the daily tables),
 * the opener and converter sets (new set kinds in daily_sets, no DDL), and conversions per
 * goal. Every rolled-up day is marked dirty so the clock fills them in for past days too.
 */
export class Migration20261206140000_metricRegistry extends Migration {
  override up(): void {
    this.addSql(`alter table daily_project add column interactions bigint not null default 0;`);
    this.addSql(`alter table daily_slot add column interactions bigint not null default 0;`);
    // goal_kind 'rule' (goal = the rule's id) or 'event' (goal = the conversion type).
    this.addSql(`create table daily_goals (
      project_id uuid not null,
      day date not null,
      goal_kind text not null,
      goal text not null,
      is_bot boolean not null,
      conversions bigint not null default 0,
      primary key (project_id, day, goal_kind, goal, is_bot)
    );`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
  }

  override down(): void {
    this.addSql(`drop table daily_goals;`);
    this.addSql(`alter table daily_slot drop column interactions;`);
    this.addSql(`alter table daily_project drop column interactions;`);
    this.addSql(`delete from daily_sets where kind in (5, 6);`);
    this.addSql(`delete from monthly_sets where kind in (5, 6);`);
  }
}
