import type pg from 'pg';
import { toError } from '../errors.js';
import { isDay } from './days.js';
import { compileRules, type StoredRule } from './rules.js';
import {
  CLEAR_SQL,
  DAILY_TABLES,
  deleteDaySql,
  LOCK_SQL,
  MEMBERS_SQL,
  PAGES_SQL,
  PROJECT_SQL,
  RULES_SQL,
  SEEN_SQL,
  SLOT_PROJECT_SQL,
  STAMP_SQL,
  TRANSITIONS_SQL,
  UNLOCK_SQL,
} from './sql.js';

export interface RollupResult {
  /** The day's new `rollup_seq` stamp; 0 when the project no longer exists (its rows were only removed). */
  seq: number;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ProjectRow {
  currency: string;
  conversion_window_days: number;
  lo: string;
  hi: string;
}

/**
 * Replaces one project-day of every daily table (DESIGN "Rollups"):
 * 1. reads the day's dirty mark seq (it may be absent);
 * 2. takes the session-level advisory lock of (project, day) on its own connection, waiting
 *    for it (a scheduled rollup or a rebuild may hold it) and never failing because of it;
 * 3. only then opens a REPEATABLE READ transaction, so its snapshot postdates the previous
 *    holder's commit: deletes the day's rows, inserts them anew, stamps `rollup_days`;
 * 4. after COMMIT deletes the mark only if its seq is still the one read in 1 (a write that
 *    committed meanwhile leaves its newer mark for the next run);
 * 5. unlocks in `finally` (a broken connection is discarded, which releases the lock too).
 * Safe to run twice and concurrently: the second run of a day waits, then recomputes it.
 */
export async function rollupDay(pool: pg.Pool, projectId: string, day: string): Promise<RollupResult> {
  if (!UUID_RE.test(projectId)) throw new RangeError(`not a project id (UUID): ${projectId}`);
  if (!isDay(day)) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const seen = (await pool.query<{ seq: string }>(SEEN_SQL, [projectId, day])).rows[0]?.seq ?? null;

  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  let locked = false;
  try {
    await client.query(LOCK_SQL, [projectId, day]);
    locked = true;
    const seq = await replaceDay(client, projectId, day, (err) => (broken ??= err));
    if (seen !== null) await client.query(CLEAR_SQL, [projectId, day, seen]);
    return { seq };
  } finally {
    if (locked && broken === undefined) {
      await client.query(UNLOCK_SQL, [projectId, day]).catch((err: unknown) => {
        broken = toError(err);
      });
    }
    client.off('error', onError);
    client.release(broken);
  }
}

/** The REPEATABLE READ part; a failed ROLLBACK means the connection is unusable (`onBroken`). */
async function replaceDay(client: pg.PoolClient, projectId: string, day: string, onBroken: (err: Error) => void): Promise<number> {
  await client.query('begin isolation level repeatable read');
  try {
    // JIT compiling these statements took ~5 s a day and saved nothing (bench/ROLLUP-DIAGNOSIS.md).
    await client.query('set local jit = off');
    const project = (await client.query<ProjectRow>(PROJECT_SQL, [projectId, day])).rows[0];
    for (const table of DAILY_TABLES) await client.query(deleteDaySql(table), [projectId, day]);
    let seq = 0;
    if (project) {
      const day4 = [projectId, day, project.lo, project.hi];
      const rules = compileRules((await client.query<StoredRule>(RULES_SQL, [projectId])).rows);
      await client.query(SLOT_PROJECT_SQL, [
        ...day4,
        project.currency.toUpperCase(),
        24 * project.conversion_window_days,
        rules.map((r) => r.id),
        rules.map((r) => r.kind),
        rules.map((r) => r.operand),
      ]);
      await client.query(PAGES_SQL, day4);
      await client.query(TRANSITIONS_SQL, day4);
      await client.query(MEMBERS_SQL, day4);
      const stamped = (await client.query<{ seq: string }>(STAMP_SQL, [projectId, day])).rows[0];
      seq = Number(stamped?.seq ?? 0);
    }
    await client.query('commit');
    return seq;
  } catch (err) {
    await client.query('rollback').catch((e: unknown) => onBroken(toError(e)));
    throw err;
  }
}
