import { Email, NewPassword } from '../../api/accounts/users.js';
import { hashPassword } from '../../api/auth/passwords.js';
import { createPool } from '../../shared/db/pool.js';
import { cliContext, printJson } from '../context.js';
import { requireProjectId } from './projectId.js';

export interface UserCreateOptions {
  email: string;
  passwordStdin: boolean;
  ownerOf: string[];
}

/**
 * Creates a dashboard user; the password comes on stdin, never in argv (where `ps` and shell
 * history would show it). The very first user becomes owner of every existing project, so a
 * fresh install is one command away from a working dashboard. Prints `{id, email, projects}`.
 */
export async function userCreateCommand(opts: UserCreateOptions): Promise<void> {
  if (!opts.passwordStdin) throw new Error('--password-stdin is required: pipe the password in (e.g. `read -rs P && printf %s "$P" | npx cuepoint user create …`)');
  const email = parseOrThrow(Email, opts.email, '--email');
  const ownerOf = opts.ownerOf.map(requireProjectId);
  const password = parseOrThrow(NewPassword, await readPassword(), 'the password on stdin');
  const passwordHash = await hashPassword(password);

  const ctx = await cliContext();
  const pool = createPool(ctx.config, 1);
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Two first users at once must not both become owners of everything.
    await client.query('lock table users in share row exclusive mode');
    const first = (await client.query('select 1 from users limit 1')).rowCount === 0;
    const inserted = await client.query<{ id: string }>(
      `insert into users (id, email, password_hash, created_at, password_changed_at) values (gen_random_uuid(), $1, $2, now(), now())
       on conflict (email) do nothing returning id`,
      [email, passwordHash],
    );
    const id = inserted.rows[0]?.id;
    if (id === undefined) throw new Error(`a user with e-mail ${email} already exists (use \`user set-role\` to give it access)`);
    const { rows: missing } = await client.query<{ id: string }>(`select unnest($1::uuid[]) as id except select id from projects`, [ownerOf]);
    if (missing.length > 0) throw new Error(`unknown project: ${missing.map((m) => m.id).join(', ')}`);
    const { rows: projects } = await client.query<{ id: string; name: string; role: string }>(
      `insert into project_members (project_id, user_id, role, created_at)
       select id, $1, 'owner', now() from projects where $2 or id = any($3::uuid[])
       returning project_id as id, (select name from projects p where p.id = project_id) as name, role`,
      [id, first, ownerOf],
    );
    await client.query('commit');
    printJson({ id, email, projects: projects.sort((a, b) => a.name.localeCompare(b.name)) });
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
    await pool.end();
    await ctx.stop();
  }
}

/** All of stdin, without the one line break `echo` or a here-string adds. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter and Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what}: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}
