import type pg from 'pg';
import { rollupHealth, type RollupHealth } from '../rollup/health.js';

/** Anything that runs a query: a pool, or a client already holding a connection. */
type Queryable = Pick<pg.Pool, 'query'>;

/**
 * Counted up to this many: a scrape must cost the same on a day a bad deploy sends millions of
 * events to the dead letters, and any count above zero already says "look".
 */
export const DEAD_LETTER_COUNT_CAP = 100_000;

/** Dead letters not yet replayed (at most DEAD_LETTER_COUNT_CAP). */
export async function pendingDeadLetters(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from dead_letters where replayed_at is null limit ${DEAD_LETTER_COUNT_CAP}) d`,
  );
  return rows[0]?.n ?? 0;
}

/** When the last retention run finished; undefined when none is recorded (kept a year). */
export async function lastRetentionRun(db: Queryable): Promise<Date | undefined> {
  const { rows } = await db.query<{ at: Date | null }>(`select max(finished_at) as at from retention_runs`);
  return rows[0]?.at ?? undefined;
}

/** What operations read from PostgreSQL; each part undefined when its query failed. */
export interface DatabaseFacts {
  rollups?: RollupHealth;
  deadLetters?: number;
  /** null: no run recorded. */
  lastRetentionRun?: Date | null;
  /** Names of the parts whose query failed, with why. */
  errors: { source: 'rollups' | 'dead_letters' | 'retention'; error: unknown }[];
}

/**
 * One connection, each query under `statement_timeout` so a slow or locked table costs a scrape
 * at most `timeoutMs` per query; each query on its own, so one failing leaves the others. The
 * setting is reset before the connection goes back to the pool, or the connection is dropped.
 */
export async function readDatabaseFacts(pool: pg.Pool, timeoutMs: number): Promise<DatabaseFacts> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`set statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
  } catch (err) {
    client.release(err instanceof Error ? err : true);
    throw err;
  }
  const facts: DatabaseFacts = { errors: [] };
  const part = async <T>(source: DatabaseFacts['errors'][number]['source'], read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      facts.errors.push({ source, error });
      return undefined;
    }
  };
  facts.rollups = await part('rollups', () => rollupHealth(client));
  facts.deadLetters = await part('dead_letters', () => pendingDeadLetters(client));
  const retention = await part('retention', async () => (await lastRetentionRun(client)) ?? null);
  if (retention !== undefined) facts.lastRetentionRun = retention;
  try {
    await client.query('reset statement_timeout');
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
  }
  // A connection whose reset failed may still carry the timeout: destroyed rather than reused.
  client.release(broken);
  return facts;
}
