import { setTimeout as sleep } from 'node:timers/promises';
import { createPool } from '../../shared/db/pool.js';
import { createRedis } from '../../shared/queue/connection.js';
import type { Config } from '../../shared/config.js';
import { rollupDirtyDays } from '../../worker/rollup/dirty.js';
import { cliContext, printJson } from '../context.js';
import { IngestQueues } from '../../shared/queue/ingestQueues.js';
import { shardLayout } from '../../shared/queue/shards.js';
import { requireProjectId } from './projectId.js';

/** How long to wait for accepted events to be stored before rolling up what is there. */
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Rolls up a project's dirty days now instead of at the clock's next minute, once the events
 * accepted so far are stored (the ingest queue is empty, or DRAIN_TIMEOUT_MS passed). Runs
 * the same `rollupDay` as scheduled jobs; a running one is waited for, never doubled.
 */
export async function rollupNowCommand(opts: { project: string }): Promise<void> {
  const projectId = requireProjectId(opts.project);
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 2);
  try {
    const drained = await waitForIngestQueue(ctx.config);
    if (!drained) ctx.log.warn(`the ingest queue is still busy after ${DRAIN_TIMEOUT_MS} ms: rolling up what is stored`);
    const exists = await pool.query('select 1 from projects where id = $1', [projectId]);
    if (exists.rowCount === 0) throw new Error(`unknown project: ${projectId}`);
    const rolled = await rollupDirtyDays(pool, { projectId }, { ruleLimits: ctx.config.rules, caps: ctx.config.rollup.caps });
    printJson({ projectId, days: rolled.map(({ day, seq }) => ({ day, seq })) });
  } finally {
    await pool.end();
    await ctx.stop();
  }
}

/** True once no ingest job waits or runs; false when the timeout passes first. */
async function waitForIngestQueue(config: Config): Promise<boolean> {
  const redis = createRedis(config, 'plain');
  const queues = new IngestQueues(redis, config.redis.prefix, shardLayout(config)).queues;
  try {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')));
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return true;
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    await redis.quit().catch(() => redis.disconnect());
  }
}
