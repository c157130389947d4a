import type pg from 'pg';

/**
 * Makes chosen project-days fail (or crawl) inside their rollup, whatever the rollup SQL
 * looks like: a trigger on `rollup_days`, which every rollup stamps before it commits, raises
 * the SQLSTATE given for the day (22003 numeric overflow, like a sum that no longer fits, or
 * 40001 serialization failure, a transient one) or sleeps. Each test has its own database.
 */
export async function installDayBreaker(pool: pg.Pool): Promise<void> {
  await pool.query(`create table test_broken_days (project_id uuid, day date, code text, sleep_s float8)`);
  await pool.query(`create function test_break_day() returns trigger language plpgsql as $$
    declare b record;
    begin
      for b in select * from test_broken_days where project_id = new.project_id and day = new.day loop
        if b.sleep_s is not null then perform pg_sleep(b.sleep_s); end if;
        if b.code is not null then raise exception 'day broken on purpose' using errcode = b.code; end if;
      end loop;
      return new;
    end $$`);
  await pool.query(`create trigger test_break_day before insert or update on rollup_days for each row execute function test_break_day()`);
}

export async function breakDay(pool: pg.Pool, projectId: string, day: string, code: string): Promise<void> {
  await pool.query(`insert into test_broken_days (project_id, day, code) values ($1, $2, $3)`, [projectId, day, code]);
}

export async function slowDay(pool: pg.Pool, projectId: string, day: string, seconds: number): Promise<void> {
  await pool.query(`insert into test_broken_days (project_id, day, sleep_s) values ($1, $2, $3)`, [projectId, day, seconds]);
}

export async function repairDays(pool: pg.Pool): Promise<void> {
  await pool.query(`delete from test_broken_days`);
}

/** As if every backoff had run out: the clock may enqueue the failing days again. */
export async function endBackoffs(pool: pg.Pool): Promise<void> {
  await pool.query(`update rollup_failures set next_attempt_at = now() - interval '1 second'`);
}
