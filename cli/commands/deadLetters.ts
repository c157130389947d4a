import { createPool } from '../../shared/db/pool.js';
import { createRedis } from '../../shared/queue/connection.js';
import { listDeadLetters, replayDeadLetters } from '../../worker/deadLetters.js';
import { IngestQueues } from '../../shared/queue/ingestQueues.js';
import { shardLayout } from '../../shared/queue/shards.js';
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
  // A connection handed to BullMQ is treated as shared and left open by close(); quit it here.
  const redis = createRedis(ctx.config, 'plain');
  const queue = new IngestQueues(redis, ctx.config.redis.prefix, shardLayout(ctx.config));
  try {
    printJson(await replayDeadLetters(pool, queue, opts.all ? 'all' : ids.map(Number)));
  } finally {
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
    await pool.end();
    await ctx.stop();
  }
}
