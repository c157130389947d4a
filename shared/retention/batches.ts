import type pg from 'pg';

/** Rows per delete statement: each commits on its own and holds its row locks briefly. */
export const DELETE_BATCH = 10_000;

/**
 * Runs a bounded delete until it deletes less than a batch. `sql` returns one row whose
 * columns are counts (the first one decides when to stop); the sums are returned by name.
 */
export async function deleteInBatches<K extends string>(client: pg.ClientBase, sql: string, params: unknown[], columns: readonly K[]): Promise<Record<K, number>> {
  const totals = Object.fromEntries(columns.map((c) => [c, 0])) as Record<K, number>;
  const [first] = columns;
  for (;;) {
    const row = (await client.query<Record<K, string>>(sql, params)).rows[0];
    for (const c of columns) totals[c] += Number(row?.[c] ?? 0);
    if (first === undefined || Number(row?.[first] ?? 0) < DELETE_BATCH) return totals;
  }
}
