import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const RETENTION_HORIZON = `select raw_kept_from as kept_from from projects where id = $1`;

/**
 * The earliest instant of a project whose raw events are still complete (`projects.raw_kept_from`),
 * undefined until retention has deleted any. A journey never reaches before it, so a journey shows
 * the same events whether it was frozen before or after a retention run.
 */
export async function retentionHorizon(db: Queryable, projectId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ kept_from: Date | null }>(RETENTION_HORIZON, [projectId]);
  return rows[0]?.kept_from?.getTime() ?? undefined;
}

/** The first instant a journey promoted at `promotedAt` holds: the lookback, cut at the horizon. */
export function journeyStart(promotedAt: number, lookbackMs: number, horizon: number | undefined): number {
  const lookback = promotedAt - lookbackMs;
  return horizon === undefined ? lookback : Math.max(lookback, horizon);
}
