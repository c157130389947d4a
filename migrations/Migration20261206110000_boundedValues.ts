import { Migration } from '@mikro-orm/migrations';

/** The caps of worker/normalize/bounds.ts, as they were when this migration was written. */
const PAGE_KEY_CHARS = 512;
const ADDRESS_CHARS = 2048;
const HASH_HEX = 16;

/**
 * The last character position (1-based, inclusive) at or before `end` that does not split a
 * %XX escape. Stored addresses and page keys are ASCII (WHATWG URL serialization
 * percent-encodes everything else), so characters here count as they do in JavaScript.
 */
const cleanEnd = (value: string, end: number) => `(case when substr(${value}, ${end}, 1) = '%' then ${end - 1}
  when substr(${value}, ${end - 1}, 1) = '%' then ${end - 2} else ${end} end)`;

/** SQL for bounds.ts `boundKey`: the start, `…` and 16 hex digits of SHA-256 of the whole value. */
export const boundKeySql = (value: string, max: number): string => `(case when length(${value}) <= ${max} then ${value}
  else left(${value}, ${cleanEnd(value, max - 1 - HASH_HEX)}) || '…' || left(encode(sha256(convert_to(${value}, 'UTF8')), 'hex'), ${HASH_HEX}) end)`;

/** SQL for bounds.ts `cutAddress`. */
export const cutAddressSql = (value: string, max: number): string =>
  `(case when length(${value}) <= ${max} then ${value} else left(${value}, ${cleanEnd(value, max)}) end)`;

/**
 * Values an accepted event could grow into during normalisation, and sums a day could
 * overflow, both of which stopped a day's rollup on every attempt:
 * - Stored page keys longer than the new cap are bounded as the worker now bounds them (an
 *   18 KB key fits no index row of daily_page or daily_sets), stored URLs are cut to the
 *   contract's 2 KB (conversion rules match them), and every day of a changed row is marked
 *   dirty so the clock rolls it up again. Scans `events` once.
 * - Conversion values: an event holds at most ±999,999,999,999.9999 (numeric(16,4), which
 *   stays), but a day of a project has no cap on its number of conversions, so no fixed
 *   precision holds the worst-case sum; the daily columns become unconstrained `numeric`
 *   (up to 131,072 integer digits; a change of type modifier only, no table rewrite).
 *   Watch seconds stay double precision: at most 86,400 per event, the sum of 2^63 events
 *   is ~8e23, far below its ~1.8e308 limit.
 */
export class Migration20261206110000_boundedValues extends Migration {
  override up(): void {
    this.addSql(`with changed as (
      update events set
        page_key = ${boundKeySql('page_key', PAGE_KEY_CHARS)},
        url = ${cutAddressSql('url', ADDRESS_CHARS)}
      where length(page_key) > ${PAGE_KEY_CHARS} or length(url) > ${ADDRESS_CHARS}
      returning project_id, occurred_at
    )
    insert into dirty_days (project_id, day, seq)
      select project_id, day, nextval('dirty_seq') from (
        select distinct c.project_id, (c.occurred_at at time zone p.timezone)::date as day
        from changed c join projects p on p.id = c.project_id
      ) d order by project_id, day
      on conflict (project_id, day) do update set seq = excluded.seq;`);

    for (const [table, column] of [
      ['daily_project', 'conversion_value'],
      ['daily_slot', 'conversion_value'],
      ['daily_conversion_values', 'value'],
    ] as const) {
      this.addSql(`alter table ${table} alter column ${column} type numeric;`);
    }
  }

  /** Bounded keys stay bounded; a daily sum beyond numeric(20,4) makes the way back fail, as it should. */
  override down(): void {
    for (const [table, column] of [
      ['daily_project', 'conversion_value'],
      ['daily_slot', 'conversion_value'],
      ['daily_conversion_values', 'value'],
    ] as const) {
      this.addSql(`alter table ${table} alter column ${column} type numeric(20,4);`);
    }
  }
}
