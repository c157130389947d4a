import type pg from 'pg';

/**
 * The days among `days` whose raw events are still complete, so a rollup can recompute them:
 * those starting at or after the project's `raw_kept_from` (retention sets it when it deletes
 * raw events; without it, or before retention ever ran, every day is). A day before it keeps
 * its figures as they are: anonymous aggregates a rebuild could only get wrong. Read through
 * `to_jsonb` so the check also holds on a schema without that column.
 */
const REBUILDABLE_SQL = `select to_char(d.day, 'YYYY-MM-DD') as day
  from projects p, unnest($2::date[]) as d(day)
  where p.id = $1
    and ((to_jsonb(p) ->> 'raw_kept_from') is null
         or (d.day::timestamp at time zone p.timezone) >= (to_jsonb(p) ->> 'raw_kept_from')::timestamptz)
  order by d.day`;

export async function rebuildableDays(db: Pick<pg.Pool, 'query'>, projectId: string, days: readonly string[]): Promise<string[]> {
  return (await db.query<{ day: string }>(REBUILDABLE_SQL, [projectId, days])).rows.map((r) => r.day);
}
