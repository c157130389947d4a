import type pg from 'pg';
import { readJobState, saveProgress, savePlan, type JobProgress } from '../../shared/erasure/lifecycleJobs.js';
import type { Logger } from '../../shared/logger.js';
import { affectedDays, visitorSessions } from './affectedDays.js';
import { rebuildableDays } from './rebuildableDays.js';
import { rerollDays, type RerollOptions } from './rerollDays.js';
import { deleteMemberNumbers, deleteVisitorRows, eraseFromDeadLetters, waitForEarlierWrites } from './visitorRows.js';

/** What an erasure must know before it deletes the rows that tell it: kept in the job row. */
interface ErasurePlan {
  /** Affected local days that can be recomputed, in order. */
  days: string[];
  /** Affected days before the raw-retention horizon, left as they are. */
  daysKept: number;
  sessionIds: string[];
}

const PHASES = ['plan', 'delete', 'rollup', 'numbers', 'done'] as const;
type Phase = (typeof PHASES)[number];
type ErasureProgress = Required<JobProgress> & { phase: Phase };

export interface ErasureInput {
  jobId: string;
  projectId: string;
  visitorId: string;
}

/**
 * Erases one visitor of a project (the job of `DELETE /v1/visitors/{visitorId}`); the tombstone
 * already refuses their new events. Phases, each recorded in the job's progress so a retry
 * resumes instead of starting over (every step is idempotent either way):
 * 1. plan: wait for event writes that may have looked for tombstones before this one existed
 *    (after them no event of the visitor is stored), then find the affected days and the
 *    visitor's sessions and save them in the job row;
 * 2. delete: the visitor's rows from every table with `project_id` and `visitor_id`, and their
 *    events in dead letters;
 * 3. rollup: recompute every affected day with the rollup's own code, waiting for its lock, so
 *    when the job is done every figure has dropped by exactly that visitor;
 * 4. numbers: forget the member numbers of the visitor and their sessions.
 */
export async function eraseVisitor(pool: pg.Pool, input: ErasureInput, reroll: RerollOptions, log: Logger): Promise<void> {
  const { jobId, projectId, visitorId } = input;
  const saved = await readJobState(pool, jobId);
  const progress = { phase: 'plan', daysTotal: 0, daysDone: 0, rows: {}, ...saved.progress } as ErasureProgress;
  const report = async (update: Partial<ErasureProgress>) => {
    Object.assign(progress, update);
    await saveProgress(pool, jobId, progress);
  };
  const count = (table: string, n: number) => report({ rows: { ...progress.rows, [table]: (progress.rows[table] ?? 0) + n } });
  const reached = (phase: Phase) => PHASES.indexOf(progress.phase) > PHASES.indexOf(phase);

  let plan = saved.plan as ErasurePlan | null;
  if (plan === null) {
    // First, so that no event of the visitor can be committed after the days are read.
    await waitForEarlierWrites(pool, projectId);
    const timezone = (await pool.query<{ timezone: string }>('select timezone from projects where id = $1', [projectId])).rows[0]?.timezone;
    const all = timezone === undefined ? [] : await affectedDays(pool, projectId, visitorId, timezone);
    const days = await rebuildableDays(pool, projectId, all);
    plan = { days, daysKept: all.length - days.length, sessionIds: await visitorSessions(pool, projectId, visitorId) };
    await savePlan(pool, jobId, plan);
    await report({ phase: 'delete', daysTotal: days.length, daysDone: 0 });
    log.info({ jobId, projectId, days: days.length, daysKept: plan.daysKept }, 'erasure planned');
  }

  if (!reached('delete')) {
    await deleteVisitorRows(pool, projectId, visitorId, count);
    await eraseFromDeadLetters(pool, projectId, visitorId, count);
    await report({ phase: 'rollup' });
  }

  if (!reached('rollup')) {
    await rerollDays(pool, projectId, plan.days.slice(progress.daysDone), reroll, () => report({ daysDone: progress.daysDone + 1 }));
    await report({ phase: 'numbers' });
  }

  if (!reached('numbers')) {
    await deleteMemberNumbers(pool, projectId, visitorId, plan.sessionIds, count);
    await report({ phase: 'done' });
  }
}
