import { Queue } from 'bullmq';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../shared/config.js';
import { createPool } from '../shared/db/pool.js';
import { CLOCK_POOL_SIZE } from '../shared/db/poolBudget.js';
import type { Running } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { createRedis } from '../shared/queue/connection.js';
import { MAINTENANCE_QUEUE } from '../shared/queue/maintenanceJob.js';
import { ROLLUP_QUEUE } from '../shared/queue/rollupJob.js';
import { closeRedis, Resources, withTimeout } from '../shared/resources.js';
import { recordClockTick } from '../shared/telemetry/clockTick.js';
import { pruneEndedSessions } from '../shared/accounts/pruneSessions.js';
import { enqueueRollups } from './tasks/enqueueRollups.js';
import { maintainLifecycleJobs } from './tasks/lifecycleJobs.js';
import { maintainPartitions } from './tasks/maintainPartitions.js';
import { queueName } from '../shared/queue/shards.js';
import { RETENTION_SCHEDULE, runRetentionTask } from './tasks/runRetention.js';

/**
 * The scheduler only enqueues or runs idempotent upkeep; several clocks may run at once
 * without doing any piece of work twice in a way that changes a figure.
 */
export async function startClock(config: Config, log: Logger): Promise<Running> {
  const resources = new Resources(log);
  return resources.start(async () => {
    const pool = resources.add('pool', createPool(config, CLOCK_POOL_SIZE), (p) => p.end());
    const partitions = async () => {
      try {
        const created = await maintainPartitions(pool, config.ingest.maxEventAgeMs);
        if (created > 0) log.info({ created }, 'created event partitions');
      } catch (err) {
        log.error({ err }, 'partition maintenance failed; retrying at the next tick');
      }
    };
    await partitions();

    // A producer connection: fail fast instead of buffering while Redis is away; the dirty
    // marks stay in PostgreSQL, so a tick that cannot enqueue loses nothing.
    const connection = resources.add('producer Redis', createRedis(config, 'producer'), closeRedis);
    connection.on('error', (err: Error) => log.debug({ err }, 'clock Redis error'));
    const queue = resources.add('rollup queue', new Queue(queueName(ROLLUP_QUEUE, connection.isCluster), { connection, prefix: config.redis.prefix }), (q) => q.close());
    queue.on('error', (err) => log.warn({ err }, 'rollup queue error'));
    await withTimeout(queue.waitUntilReady(), config.redis.startTimeoutMs, 'Redis did not answer at start');
    // The heartbeat first and on its own: a tick whose enqueue fails still shows the clock alive.
    const heartbeat = async () => {
      try {
        await recordClockTick(connection, config.redis.prefix);
      } catch (err) {
        log.warn({ err }, 'could not record the clock tick');
      }
    };
    await heartbeat();
    const rollups = async () => {
      await heartbeat();
      try {
        const { days, tick } = await enqueueRollups(pool, queue);
        if (days > 0) log.debug({ days, tick }, 'enqueued rollups');
      } catch (err) {
        log.error({ err }, 'enqueueing rollups failed; retrying at the next tick');
      }
    };

    const sessions = async () => {
      try {
        const deleted = await pruneEndedSessions(pool, config.accounts.sessionIdleMs);
        if (deleted > 0) log.info({ deleted }, 'deleted ended dashboard sessions');
      } catch (err) {
        log.error({ err }, 'deleting ended dashboard sessions failed; retrying at the next tick');
      }
    };

    const maintenance = resources.add('maintenance queue', new Queue(queueName(MAINTENANCE_QUEUE, connection.isCluster), { connection, prefix: config.redis.prefix }), (q) => q.close());
    maintenance.on('error', (err) => log.warn({ err }, 'maintenance queue error'));
    const lifecycleJobs = async () => {
      try {
        const { pruned, requeued } = await maintainLifecycleJobs(pool, maintenance);
        if (pruned + requeued > 0) log.info({ pruned, requeued }, 'lifecycle jobs pruned or handed over again');
      } catch (err) {
        log.error({ err }, 'lifecycle job upkeep failed; retrying at the next tick');
      }
    };

    const tasks: ScheduledTask[] = [
      cron.schedule('17 * * * *', partitions, { name: 'partitions', noOverlap: true, timezone: 'UTC' }),
      cron.schedule('* * * * *', rollups, { name: 'rollups', noOverlap: true, timezone: 'UTC' }),
      cron.schedule('41 * * * *', sessions, { name: 'sessions', noOverlap: true, timezone: 'UTC' }),
      cron.schedule('*/5 * * * *', lifecycleJobs, { name: 'lifecycle jobs', noOverlap: true, timezone: 'UTC' }),
      cron.schedule(RETENTION_SCHEDULE, () => runRetentionTask(pool, config.retention.deadLetterDays, log), { name: 'retention', noOverlap: true, timezone: 'UTC' }),
    ];
    for (const task of tasks) resources.defer(`${task.name ?? 'cron'} task`, () => task.stop());
    return { close: () => resources.closeAll() };
  });
}
