import { createPool } from '../../shared/db/pool.js';
import { deleteProject } from '../../shared/projects/deleteProject.js';
import { cliContext, printJson } from '../context.js';
import { notifyWebProcesses } from '../notify.js';
import { requireProjectId } from './projectId.js';

export interface ProjectDeleteOptions {
  project: string;
  yes: boolean;
}

/**
 * Deletes a project and all its data for good. Its keys stop working in every web process at
 * once (config-changed); prints what was removed, per table.
 */
export async function projectDeleteCommand(opts: ProjectDeleteOptions): Promise<void> {
  const projectId = requireProjectId(opts.project);
  if (!opts.yes) throw new Error(`this deletes project ${projectId} and all its events and figures for good: add --yes to go ahead`);
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    const deleted = await deleteProject(pool, projectId, () => notifyWebProcesses(ctx.config, ctx.log));
    if (!deleted.project && Object.keys(deleted.rows).length === 0) throw new Error(`unknown project: ${projectId}`);
    printJson(deleted);
  } finally {
    await pool.end();
    await ctx.stop();
  }
}
