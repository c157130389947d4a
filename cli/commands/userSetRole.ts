import { Email } from '../../api/accounts/users.js';
import { ROLES } from '../../shared/entities/ProjectMember.js';
import { createPool } from '../../shared/db/pool.js';
import { cliContext, printJson } from '../context.js';
import { requireProjectId } from './projectId.js';

export const ROLE_CHOICES = [...ROLES, 'none'] as const;

export interface UserSetRoleOptions {
  email: string;
  project: string;
  role: (typeof ROLE_CHOICES)[number];
}

/**
 * Gives a user a role in a project, or takes it away with `none`: the operator's way back in
 * when nobody who can sign in is owner any more. Takes effect at the user's next request.
 */
export async function userSetRoleCommand(opts: UserSetRoleOptions): Promise<void> {
  const parsed = Email.safeParse(opts.email);
  if (!parsed.success) throw new Error(`--email: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  const email = parsed.data;
  const projectId = requireProjectId(opts.project);
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    const user = (await pool.query<{ id: string }>('select id from users where email = $1', [email])).rows[0];
    if (!user) throw new Error(`no user with e-mail ${email} (create one with \`user create\`)`);
    if ((await pool.query('select 1 from projects where id = $1', [projectId])).rowCount === 0) throw new Error(`unknown project: ${projectId}`);
    if (opts.role === 'none') {
      await pool.query('delete from project_members where project_id = $1 and user_id = $2', [projectId, user.id]);
    } else {
      await pool.query(
        `insert into project_members (project_id, user_id, role, created_at) values ($1, $2, $3, now())
         on conflict (project_id, user_id) do update set role = excluded.role`,
        [projectId, user.id, opts.role],
      );
    }
    printJson({ id: user.id, email, projectId, role: opts.role });
  } finally {
    await pool.end();
    await ctx.stop();
  }
}
