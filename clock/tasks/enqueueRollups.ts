import type { Queue } from 'bullmq';
import type pg from 'pg';
import { minuteTick, rollupJob } from '../../shared/queue/rollupJob.js';
import { listDirtyDays } from '../../shared/rollup/dirtyDays.js';

export interface EnqueueResult {
  tick: number;
  /** Dirty (project, day) pairs found; each was offered to the queue once. */
  days: number;
}

/** Marks per tick; far above what a minute produces, and the rest waits one tick. */
const MAX_PER_TICK = 50_000;
const CHUNK = 1000;

/**
 * Enqueues one rollup job per dirty (project, day), with id (project, day, tick): several
 * clocks in the same minute add each job once (BullMQ refuses a duplicate id while the job,
 * or its completed record, exists). A day backed off after a failure waits for its next
 * attempt, taking no room from the others. The clock only enqueues; workers run the rollups.
 */
export async function enqueueRollups(pool: pg.Pool, queue: Queue, now = Date.now()): Promise<EnqueueResult> {
  const tick = minuteTick(now);
  const dirty = await listDirtyDays(pool, { limit: MAX_PER_TICK, dueOnly: true });
  for (let i = 0; i < dirty.length; i += CHUNK) {
    await queue.addBulk(dirty.slice(i, i + CHUNK).map(({ projectId, day }) => rollupJob(projectId, day, tick)));
  }
  return { tick, days: dirty.length };
}
