import type { RequestHandler } from 'express';
import { ProjectMember } from '../../shared/entities/ProjectMember.js';
import { createProject, InvalidProjectInput, type CreatedProject } from '../../shared/projects/createProject.js';
import { parseInput } from '../admin/validation.js';
import { resolveSession } from '../auth/access.js';
import { HttpError } from '../http/errors.js';
import { readJsonBody } from '../http/jsonBody.js';
import { ACCOUNT_BODY_LIMIT, type AccountsDeps } from './deps.js';
import { ProjectCreate } from './schemas.js';

/**
 * `POST /v1/projects`: the same project creation as `cuepoint project create` (one key of each
 * kind, shown once), with the signed-in user as its owner, in one transaction.
 */
export function createOwnedProject(deps: AccountsDeps): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const session = await resolveSession(deps, req);
    const input = parseInput(ProjectCreate, (await readJsonBody(req, ACCOUNT_BODY_LIMIT)) ?? {});
    let created: CreatedProject;
    try {
      created = await deps.orm.em.fork().transactional(async (em) => {
        const made = await createProject(em, input);
        em.create(ProjectMember, { project: made.projectId, user: session.userId, role: 'owner' });
        await em.flush();
        return made;
      });
    } catch (err) {
      if (err instanceof InvalidProjectInput) throw new HttpError(400, 'invalid_field', err.message, { field: fieldOf(err.message) });
      throw err;
    }
    await deps.configChanged();
    const currency = (input.currency ?? 'USD').toUpperCase();
    res.status(201).json({
      ...created,
      project: { id: created.projectId, name: input.name, timezone: input.timezone, currency, role: 'owner' },
    });
  };
}

/** createProject words its refusals "<what> …"; the body field they are about. */
function fieldOf(message: string): string {
  if (message.includes('time zone')) return 'timezone';
  if (message.startsWith('currency')) return 'currency';
  if (message.includes('origin')) return 'allowedOrigins';
  return 'name';
}
