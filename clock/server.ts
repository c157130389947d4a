import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../shared/config.js';
import { createPool } from '../shared/db/pool.js';
import type { Running } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { maintainPartitions } from './tasks/maintainPartitions.js';

/**
 * The scheduler only enqueues or runs idempotent upkeep; several clocks may run at once
 * without doing any piece of work twice in a way that changes a figure.
 */
export async function startClock(config: Config, log: Logger): Promise<Running> {
  const pool = createPool(config, 2);
  const partitions = async () => {
    try {
      const created = await maintainPartitions(pool, config.ingest.maxEventAgeMs);
      if (created > 0) log.info({ created }, 'created event partitions');
    } catch (err) {
      log.error({ err }, 'partition maintenance failed; retrying at the next tick');
    }
  };
  await partitions();
  const tasks: ScheduledTask[] = [
    cron.schedule('17 * * * *', partitions, { name: 'partitions', noOverlap: true, timezone: 'UTC' }),
  ];
  return {
    close: async () => {
      for (const t of tasks) await t.stop();
      await pool.end();
    },
  };
}
