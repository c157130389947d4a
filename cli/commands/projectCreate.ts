import { initOrm } from '../../shared/db/orm.js';
import { createProject } from '../../shared/projects/createProject.js';
import { createRedis } from '../../shared/queue/connection.js';
import { publishConfigChanged } from '../../shared/queue/configEvents.js';
import { cliContext, printJson } from '../context.js';

export interface ProjectCreateOptions {
  name: string;
  timezone: string;
  origin: string[];
  currency: string;
}

/** Prints `{projectId, writeKey, readKey, adminKey, serverKey}`; the keys are shown only this once. */
export async function projectCreateCommand(opts: ProjectCreateOptions): Promise<void> {
  const ctx = await cliContext();
  const orm = await initOrm(ctx.config);
  try {
    const created = await createProject(orm.em.fork(), {
      name: opts.name,
      timezone: opts.timezone,
      allowedOrigins: opts.origin,
      currency: opts.currency,
    });
    // The keys are shown first: they exist only in this output, whatever happens next.
    printJson(created);
    await notifyWebProcesses(ctx.config).catch((err: unknown) => {
      ctx.log.warn({ err }, 'could not notify web processes; they pick the project up at their next reload');
    });
  } finally {
    await orm.close();
    await ctx.stop();
  }
}

/** Running web processes reload their key cache at once instead of at the next periodic reload. */
async function notifyWebProcesses(config: Parameters<typeof createRedis>[0]): Promise<void> {
  const redis = createRedis(config, 'plain');
  try {
    await publishConfigChanged(redis, config.redis.prefix);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
