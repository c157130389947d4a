import { initOrm } from '../../shared/db/orm.js';
import { createProject } from '../../shared/projects/createProject.js';
import { cliContext } from '../context.js';
import { notifyWebProcesses } from '../notify.js';
import { printAs, type OutputFormat } from '../output.js';

export interface ProjectCreateOptions {
  name: string;
  timezone: string;
  origin: string[];
  currency: string;
  format: OutputFormat;
}

/**
 * Prints `{projectId, writeKey, readKey, adminKey, serverKey}` (or, with `--format env`,
 * `PROJECT_ID=…`, `WRITE_KEY=…` lines for a shell's eval); the keys are shown only this once.
 */
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
    printAs(opts.format, created, {
      PROJECT_ID: created.projectId,
      WRITE_KEY: created.writeKey,
      READ_KEY: created.readKey,
      ADMIN_KEY: created.adminKey,
      SERVER_KEY: created.serverKey,
    });
    await notifyWebProcesses(ctx.config, ctx.log);
  } finally {
    await orm.close();
    await ctx.stop();
  }
}
