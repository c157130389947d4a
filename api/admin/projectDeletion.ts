import { startProjectDeletion } from '../../shared/projects/deleteProject.js';
import type { MaintenanceEnqueuer } from '../../shared/queue/maintenanceJob.js';
import type { Need } from '../auth/access.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';

/** Only an owner, signed in: no key can delete its own project. */
export const PROJECT_DELETE: Need = { key: undefined, role: 'owner' };

/**
 * `DELETE /v1/admin/project`: the same deletion as `cuepoint project delete`. The project row
 * goes with a `delete_project` job row in one transaction, every web process is told (its keys
 * and memberships open nothing from then on), and the job is handed to the worker, which removes
 * the rest in batches. The answer (202) names the job. Should Redis refuse the job, the row is
 * committed all the same and the clock hands it over within minutes.
 */
export function deleteOwnProject(maintenance: MaintenanceEnqueuer): AdminHandler {
  return async (ctx) => {
    const projectId = ctx.projectId;
    const { jobId } = await startProjectDeletion(ctx.pool, projectId);
    if (jobId === undefined) throw new HttpError(404, 'project_not_found', `no project ${projectId}`);
    await ctx.configChanged();
    await maintenance.enqueue({ v: 1, kind: 'delete_project', jobId, projectId }).catch((err: unknown) =>
      ctx.log.warn({ err, projectId, jobId }, 'could not enqueue a project deletion; the clock enqueues it again'),
    );
    ctx.log.info({ projectId, jobId }, 'project deleted; its rows are removed in the background');
    return { status: 202, body: { projectId, deleted: true, jobId } };
  };
}
