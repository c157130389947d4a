import type pg from 'pg';

/** Keeps monthly event partitions for [now - max age, now + 2 months]; idempotent, so any clock may run it. */
export async function maintainPartitions(pool: pg.Pool, maxEventAgeMs: number): Promise<number> {
  const { rows } = await pool.query<{ created: number }>(
    `select ensure_event_partitions(now() - make_interval(secs => $1::double precision / 1000), now() + interval '2 months') as created`,
    [maxEventAgeMs],
  );
  return rows[0]?.created ?? 0;
}
