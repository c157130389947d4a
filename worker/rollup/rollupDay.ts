import type pg from 'pg';
import { isDay } from '../../shared/days.js';
import { isUuid } from '../../shared/ids.js';
import { DEFAULT_DAY_CAPS, type DayCaps } from '../../shared/rollup/dayCaps.js';
import { clearRollupFailure } from '../../shared/rollup/failures.js';
import type { RuleLimits } from '../../shared/rules/limits.js';
import { toError } from '../errors.js';
import { foldPastCaps } from './caps.js';
import { dayTableSteps, type DayProject } from './daySteps.js';
import { compileRules, type StoredRule } from '../../shared/rules/compile.js';
import { mergeMonth, monthIsStale, writeDaySets } from './sets.js';
import { CLEAR_SQL, DAILY_TABLES, deleteDaySql, LOCK_SQL, PROJECT_SQL, RULES_SQL, SEEN_SQL, STAMP_SQL, TRY_LOCK_SQL, UNLOCK_SQL } from './sql.js';

export interface RollupResult {
  /** The day's new `rollup_seq` stamp; 0 when the project no longer exists (its rows were only removed) or the day is pruned. */
  seq: number;
  /**
   * Retention deleted raw events of the day: nothing was recomputed, its rows stay as they
   * were and its mark is dropped. Carries the first day whose raw events are complete.
   */
  pruned?: { firstKeptDay: string };
}

export interface RollupOptions {
  /**
   * Re-merge the day's month once it has ended, or else the month before when its merge is
   * stale (default true). A rebuild of many days turns it off and merges each month once,
   * after its last day (`mergeMonthSets`).
   */
  mergeMonth?: boolean;
  /** Distinct videos, slots and pages a day keeps apart; the rest go to `(other)` (default DEFAULT_DAY_CAPS). */
  caps?: DayCaps;
  /** Which conversion rules take part (the configured limits; the defaults when unset). */
  ruleLimits?: RuleLimits;
  /**
   * `wait` (default) waits for the project's rollup lock; `try` throws `RollupLockBusy` at once
   * when another rollup of the project holds it, so that a worker slot never sits waiting.
   */
  lock?: 'wait' | 'try';
}

/** The project's rollup lock was held elsewhere and the caller asked not to wait; nothing was done. */
export class RollupLockBusy extends Error {
  override readonly name = 'RollupLockBusy';
  constructor(readonly projectId: string) {
    super(`the rollup lock of project ${projectId} is held by another rollup`);
  }
}

interface ProjectRow extends DayProject {
  merge_month: string;
  pruned: boolean;
  first_kept_day: string | null;
}

/** Runs `work` in one REPEATABLE READ transaction on the locked connection. */
type InTransaction = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Replaces one project-day of every daily table (docs/architecture.md, "Rollups"):
 * 1. reads the day's dirty mark seq (it may be absent);
 * 2. takes the project's session-level rollup lock on its own connection: waits for it (a
 *    scheduled rollup or a rebuild may hold it) and never fails because of it, or with
 *    `lock: 'try'` gives up at once (`RollupLockBusy`) and leaves the day dirty;
 * 3. only then opens a REPEATABLE READ transaction, so its snapshot postdates the previous
 *    holder's commit: deletes the day's rows, numbers new members, inserts the day anew,
 *    stamps `rollup_days`;
 *    A day before the project's first complete day (retention deleted some of its raw events)
 *    is left as it is: recomputed from what is left, its figures would drop;
 * 4. after COMMIT deletes the mark only if its seq is still the one read in 1 (a write that
 *    committed meanwhile leaves its newer mark for the next run), and any failure recorded
 *    for the day;
 * 5. merges the day's month once it has ended (else the month before, when that merge is
 *    stale) in a second transaction;
 * 6. unlocks in `finally` (a broken connection is discarded, which releases the lock too).
 * Safe to run twice and concurrently: the second run waits, then recomputes the day.
 */
export async function rollupDay(pool: pg.Pool, projectId: string, day: string, options: RollupOptions = {}): Promise<RollupResult> {
  if (!isUuid(projectId)) throw new RangeError(`not a project id (UUID): ${projectId}`);
  if (!isDay(day)) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const seen = (await pool.query<{ seq: string }>(SEEN_SQL, [projectId, day])).rows[0]?.seq ?? null;

  return withRollupLock(pool, projectId, options.lock ?? 'wait', async (client, inTransaction) => {
    const { seq, project, pruned } = await inTransaction(() => replaceDay(client, projectId, day, options));
    if (seen !== null) await client.query(CLEAR_SQL, [projectId, day, seen]);
    await clearRollupFailure(client, projectId, day);
    if (pruned) return { seq, pruned };
    if (project && options.mergeMonth !== false) {
      const month = project.merge_month;
      await inTransaction(async () => {
        if (await monthIsStale(client, projectId, month)) await mergeMonth(client, projectId, month);
      });
    }
    return { seq };
  });
}

/** Merges one month's sets (`month` = its first day) under the project's rollup lock. */
export async function mergeMonthSets(pool: pg.Pool, projectId: string, month: string): Promise<void> {
  if (!isUuid(projectId)) throw new RangeError(`not a project id (UUID): ${projectId}`);
  if (!isDay(month) || !month.endsWith('-01')) throw new RangeError(`not the first day of a month: ${month}`);
  await withRollupLock(pool, projectId, 'wait', (client, inTransaction) => inTransaction(() => mergeMonth(client, projectId, month)));
}

async function replaceDay(client: pg.PoolClient, projectId: string, day: string, options: RollupOptions): Promise<{ seq: number; project?: ProjectRow; pruned?: RollupResult['pruned'] }> {
  const project = (await client.query<ProjectRow>(PROJECT_SQL, [projectId, day])).rows[0];
  if (!project) {
    for (const table of DAILY_TABLES) await client.query(deleteDaySql(table), [projectId, day]);
    return { seq: 0 };
  }
  // Read in the same snapshot as the events: retention raises raw_kept_from before it deletes.
  if (project.pruned) return { seq: 0, pruned: { firstKeptDay: project.first_kept_day ?? day } };
  const rules = compileRules((await client.query<StoredRule>(RULES_SQL, [projectId])).rows, options.ruleLimits);
  for (const step of dayTableSteps(projectId, day, project, rules, options.caps ?? DEFAULT_DAY_CAPS)) await client.query(step.sql, step.params);
  await foldPastCaps(client, projectId, day, options.caps ?? DEFAULT_DAY_CAPS);
  await writeDaySets(client, projectId, day);
  const stamped = (await client.query<{ seq: string }>(STAMP_SQL, [projectId, day])).rows[0];
  return { seq: Number(stamped?.seq ?? 0), project };
}

/**
 * Holds the project's rollup lock on one connection for the whole of `work`. A failed
 * ROLLBACK or UNLOCK means the connection is unusable: it is discarded, not reused.
 */
async function withRollupLock<T>(
  pool: pg.Pool,
  projectId: string,
  lock: 'wait' | 'try',
  work: (client: pg.PoolClient, inTransaction: InTransaction) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  const inTransaction: InTransaction = async (step) => {
    await client.query('begin isolation level repeatable read');
    try {
      // JIT compiling these statements took ~5 s a day and saved nothing (bench/ROLLUP-DIAGNOSIS.md);
      // with the default 4 MB a busy day's aggregates spilled to disk several times over.
      await client.query('set local jit = off');
      await client.query(`set local work_mem = '64MB'`);
      const result = await step();
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch((e: unknown) => (broken ??= toError(e)));
      throw err;
    }
  };
  let locked = false;
  try {
    if (lock === 'wait') await client.query(LOCK_SQL, [projectId]);
    else if (!(await client.query<{ locked: boolean }>(TRY_LOCK_SQL, [projectId])).rows[0]?.locked) throw new RollupLockBusy(projectId);
    locked = true;
    return await work(client, inTransaction);
  } finally {
    if (locked && broken === undefined) {
      await client.query(UNLOCK_SQL, [projectId]).catch((err: unknown) => {
        broken = toError(err);
      });
    }
    client.off('error', onError);
    client.release(broken);
  }
}
