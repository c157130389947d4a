import type pg from 'pg';

/**
 * Keeps monthly event partitions for [now - max age, now + 2 months]; idempotent, so any clock may run it.
 * It starts no earlier than the first complete day of every project once all have been pruned,
 * so it never re-creates a month that retention has just dropped.
 */
export async function maintainPartitions(pool: pg.Pool, maxEventAgeMs: number): Promise<number> {
  const { rows } = await pool.query<{ created: number }>(
    `select ensure_event_partitions(
       greatest(now() - make_interval(secs => $1::double precision / 1000),
         (select case when bool_and(raw_kept_from is not null) then min(raw_kept_from) end from projects)),
       now() + interval '2 months') as created`,
    [maxEventAgeMs],
  );
  return rows[0]?.created ?? 0;
}
