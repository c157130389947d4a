import { Queue } from 'bullmq';
import { createPool } from '../../shared/db/pool.js';
import { createRedis } from '../../shared/queue/connection.js';
import { INGEST_QUEUE } from '../../shared/queue/contract.js';
import { listDeadLetters, replayDeadLetters } from '../../worker/deadLetters.js';
import { cliContext, printJson } from '../context.js';

export async function deadLetterListCommand(opts: { project?: string; limit: number }): Promise<void> {
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    printJson(await listDeadLetters(pool, { projectId: opts.project, limit: opts.limit }));
  } finally {
    await pool.end();
    await ctx.stop();
  }
}

/** Re-enqueues dead letters as new ingest jobs; dedup makes replaying an already stored event harmless. */
export async function deadLetterReplayCommand(ids: string[], opts: { all: boolean }): Promise<void> {
  if (!opts.all && ids.length === 0) throw new Error('name dead letter ids to replay, or pass --all');
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  const queue = new Queue(INGEST_QUEUE, { connection: createRedis(ctx.config, 'plain'), prefix: ctx.config.redis.prefix });
  try {
    printJson(await replayDeadLetters(pool, queue, opts.all ? 'all' : ids.map(Number)));
  } finally {
    await queue.close();
    await pool.end();
    await ctx.stop();
  }
}
