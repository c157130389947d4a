import type pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { RetentionBusy, runRetention } from '../../shared/retention/runRetention.js';

/** Once a day, at a quiet hour in UTC. */
export const RETENTION_SCHEDULE = '17 3 * * *';

/**
 * Deletes what has expired. Several clocks may fire at once: the run takes an advisory lock
 * and a clock that finds it held skips the day's run, since the other one does the same work.
 */
export async function runRetentionTask(pool: pg.Pool, deadLetterRetentionDays: number, log: Logger): Promise<void> {
  try {
    const report = await runRetention(pool, { deadLetterRetentionDays });
    log.info(
      { durationMs: report.durationMs, partitionsDropped: report.partitions.length, rowsDeleted: report.rowsDeleted, deadLetters: report.deadLetters },
      'retention run finished',
    );
  } catch (err) {
    if (err instanceof RetentionBusy) log.info('retention already running elsewhere; skipped');
    else log.error({ err }, 'retention run failed; the next daily run goes on from where it stopped');
  }
}
