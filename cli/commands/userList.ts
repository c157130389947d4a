import { createPool } from '../../shared/db/pool.js';
import { cliContext, printJson } from '../context.js';

interface UserRow {
  id: string;
  email: string;
  created_at: Date;
  projects: { id: string; name: string; role: string }[] | null;
}

/** Every dashboard user with their role in each project (never a password hash). */
export async function userListCommand(): Promise<void> {
  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  try {
    const { rows } = await pool.query<UserRow>(
      `select u.id, u.email, u.created_at,
              (select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name, 'role', m.role) order by p.name, p.id)
                 from project_members m join projects p on p.id = m.project_id where m.user_id = u.id) as projects
       from users u order by u.created_at, u.email`,
    );
    printJson(rows.map((r) => ({ id: r.id, email: r.email, createdAt: r.created_at.toISOString(), projects: r.projects ?? [] })));
  } finally {
    await pool.end();
    await ctx.stop();
  }
}
