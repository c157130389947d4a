import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const HAS_RETENTION_COLUMN = `select 1 from information_schema.columns
  where table_schema = current_schema() and table_name = 'projects' and column_name = 'raw_kept_from'`;

const RETENTION_HORIZON = `select raw_kept_from::timestamptz as kept_from from projects where id = $1`;

/**
 * The earliest instant of a project whose raw events are still kept, when raw retention records
 * one (`projects.raw_kept_from`); undefined when it does not. A journey never reaches before it,
 * so a journey shows the same events whether it was frozen before or after a retention run. The
 * column is looked up rather than assumed: databases migrated before retention existed lack it.
 */
export async function retentionHorizon(db: Queryable, projectId: string): Promise<number | undefined> {
  const column = await db.query(HAS_RETENTION_COLUMN);
  if ((column.rowCount ?? 0) === 0) return undefined;
  const { rows } = await db.query<{ kept_from: Date | null }>(RETENTION_HORIZON, [projectId]);
  return rows[0]?.kept_from?.getTime() ?? undefined;
}

/** The first instant a journey promoted at `promotedAt` holds: the lookback, cut at the horizon. */
export function journeyStart(promotedAt: number, lookbackMs: number, horizon: number | undefined): number {
  const lookback = promotedAt - lookbackMs;
  return horizon === undefined ? lookback : Math.max(lookback, horizon);
}
