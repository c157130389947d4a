import { Migration } from '@mikro-orm/migrations';

/**
 * Distinct metrics move from one row per (day, member) to one compressed bitmap per
 * (day, kind, scope, bot flag): inserting hundreds of thousands of uuid rows into a large key
 * dominated a busy day's rollup, and counting them distinct dominated long stats ranges.
 *
 * Visitors and sessions get dense numbers per project, assigned by rollups (never at ingest,
 * so the event writer stays as it is). Months that have ended are pre-merged, so a long range
 * reads a dozen month sets and its edge days instead of hundreds of days.
 *
 * The old per-day rows cannot be turned into bitmaps in SQL, so every day rolled up so far is
 * marked dirty: the clock rolls each one up again and the new tables fill themselves.
 */
export class Migration20261124000000_memberSets extends Migration {
  override up(): void {
    // kind 1 visitor ids, 2 session ids; n counts from 0 within (project, kind).
    this.addSql(`create table member_numbers (
      project_id uuid not null,
      kind smallint not null,
      member uuid not null,
      n integer not null check (n >= 0),
      primary key (project_id, kind, member)
    );`);
    this.addSql(`create table member_counters (
      project_id uuid not null,
      kind smallint not null,
      next_n bigint not null,
      primary key (project_id, kind)
    );`);

    // kind: 1 visitors, 2 sessions, 3 viewers, 4 page visitors; scope as in shared/sets/kinds.ts.
    // members: a Roaring bitmap (portable format) of member numbers.
    this.addSql(`create table daily_sets (
      project_id uuid not null,
      day date not null,
      kind smallint not null,
      scope text not null,
      is_bot boolean not null,
      cardinality integer not null,
      members bytea not null,
      primary key (project_id, kind, scope, day, is_bot)
    );`);
    this.addSql(`create index daily_sets_day_idx on daily_sets (project_id, day);`);

    // month = its first day. A merge is valid while its stamp equals the month's rollup stamp
    // (max seq / count of rollup_days), so a day rolled up after the merge is never missed.
    this.addSql(`create table monthly_sets (
      project_id uuid not null,
      month date not null,
      kind smallint not null,
      scope text not null,
      is_bot boolean not null,
      cardinality integer not null,
      members bytea not null,
      primary key (project_id, kind, scope, month, is_bot)
    );`);
    this.addSql(`create index monthly_sets_month_idx on monthly_sets (project_id, month);`);
    this.addSql(`create table rollup_months (
      project_id uuid not null,
      month date not null,
      stamp text not null,
      merged_at timestamptz not null default now(),
      primary key (project_id, month)
    );`);

    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
    this.addSql(`drop table daily_members;`);
  }

  /**
   * The per-day member rows come back empty (a bitmap holds member numbers, not the uuids the
   * old rows kept), so every rolled-up day is marked dirty for the older code to refill them.
   */
  override down(): void {
    this.addSql(`create table daily_members (
      project_id uuid not null,
      day date not null,
      kind smallint not null,
      scope text not null,
      member uuid not null,
      is_bot boolean not null,
      primary key (project_id, kind, scope, day, member, is_bot)
    );`);
    this.addSql(`create index daily_members_day_idx on daily_members (project_id, day);`);
    this.addSql(`insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from rollup_days order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);
    this.addSql(`drop table rollup_months;`);
    this.addSql(`drop table monthly_sets;`);
    this.addSql(`drop table daily_sets;`);
    this.addSql(`drop table member_counters;`);
    this.addSql(`drop table member_numbers;`);
  }
}
