import { deleteProject } from '../../shared/projects/deleteProject.js';
import type { Need } from '../auth/access.js';
import type { AdminHandler } from './context.js';

/** Only an owner, signed in: no key can delete its own project. */
export const PROJECT_DELETE: Need = { key: undefined, role: 'owner' };

/**
 * `DELETE /v1/admin/project`: the same deletion as `cuepoint project delete`. The answer (202)
 * comes once the project row is gone and every web process has been told, so its keys and
 * memberships no longer open anything; its events and figures are removed after the answer, in
 * batches. Should that part stop halfway, `cuepoint project delete --project <id>` finishes it.
 */
export const deleteOwnProject: AdminHandler = async (ctx) => {
  const projectId = ctx.projectId;
  let keysGone: () => void = () => undefined;
  const announced = new Promise<void>((resolve) => (keysGone = resolve));
  const deletion = deleteProject(ctx.pool, projectId, async () => {
    await ctx.configChanged();
    keysGone();
  });
  deletion.then(
    (deleted) => ctx.log.info({ projectId, rows: deleted.rows }, 'project deleted'),
    (err: unknown) => ctx.log.error({ err, projectId }, 'project deletion stopped; run `cuepoint project delete --project <id> --yes` to finish it'),
  );
  await Promise.race([announced, deletion]);
  return { status: 202, body: { projectId, deleted: true } };
};
