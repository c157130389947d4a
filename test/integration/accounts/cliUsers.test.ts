import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import { startHarness, type Harness } from '../api/harness.js';
import { asUser, postLogin, signIn } from './users.js';
import { entryArgs } from '../../helpers/processes.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as an operator runs it, with `stdin` piped in (then closed). */
async function cli(h: Harness, stdin: string, ...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [...entryArgs('cli/main.ts'), ...args], { env: { ...process.env, ...h.t.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('cli: dashboard users', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'Shop', timezone: 'Europe/Berlin' },
        { name: 'Blog', timezone: 'UTC' },
      ],
    });
  });
  after(async () => {
    await h.close();
  });

  it('when the first user is created with the password on stdin then it owns every project, signs in, and the password is nowhere in argv or output', async () => {
    const out = await cli(h, 'first user password\n', 'user', 'create', '--email', 'Boss@Example.com', '--password-stdin');
    expect(out.code, out.stderr).to.equal(0);
    const made = JSON.parse(out.stdout) as { id: string; email: string; projects: { id: string; name: string; role: string }[] };
    expect(made.email).to.equal('boss@example.com');
    expect(made.projects).to.deep.equal([
      { id: h.projects[1]!.projectId, name: 'Blog', role: 'owner' },
      { id: h.projects[0]!.projectId, name: 'Shop', role: 'owner' },
    ]);
    expect(out.stdout + out.stderr).to.not.include('first user password');
    const browser = await signIn(h, { email: 'boss@example.com', password: 'first user password' });
    expect((await asUser(h, browser, 'GET', '/v1/admin/project', { project: h.projects[0]!.projectId })).status).to.equal(200);
  });

  it('when a later user is created then it owns only the projects named by --owner-of', async () => {
    const out = await cli(h, 'second user password', 'user', 'create', '--email', 'helper@example.com', '--password-stdin', '--owner-of', h.projects[1]!.projectId);
    expect(out.code, out.stderr).to.equal(0);
    expect((JSON.parse(out.stdout) as { projects: unknown[] }).projects).to.deep.equal([{ id: h.projects[1]!.projectId, name: 'Blog', role: 'owner' }]);
    expect((await postLogin(h, { email: 'helper@example.com', password: 'second user password' })).status).to.equal(200);
  });

  it('when the password is short, the e-mail taken or --password-stdin missing then the command fails naming why and creates nothing', async () => {
    const short = await cli(h, 'short', 'user', 'create', '--email', 'x@example.com', '--password-stdin');
    expect(short.code).to.not.equal(0);
    expect(short.stderr).to.include('password');
    const taken = await cli(h, 'another long password', 'user', 'create', '--email', 'BOSS@example.com', '--password-stdin');
    expect(taken.code).to.not.equal(0);
    expect(taken.stderr).to.include('already exists');
    const argv = await cli(h, '', 'user', 'create', '--email', 'y@example.com');
    expect(argv.code).to.not.equal(0);
    expect(argv.stderr).to.include('--password-stdin');
    const { rows } = await h.t.pool.query<{ email: string }>('select email from users order by email');
    expect(rows.map((r) => r.email)).to.deep.equal(['boss@example.com', 'helper@example.com']);
  });

  it('when set-role gives and takes a role then the user list shows it, and `none` removes the membership', async () => {
    const shop = h.projects[0]!.projectId;
    const give = await cli(h, '', 'user', 'set-role', '--email', 'helper@example.com', '--project', shop, '--role', 'viewer');
    expect(give.code, give.stderr).to.equal(0);
    const list = async () => JSON.parse((await cli(h, '', 'user', 'list')).stdout) as { email: string; projects: { id: string; role: string }[] }[];
    const helper = (await list()).find((u) => u.email === 'helper@example.com');
    expect(helper?.projects.map((p) => p.role).sort()).to.deep.equal(['owner', 'viewer']);
    expect(JSON.stringify(await list())).to.not.include('scrypt');
    const take = await cli(h, '', 'user', 'set-role', '--email', 'helper@example.com', '--project', shop, '--role', 'none');
    expect(take.code, take.stderr).to.equal(0);
    expect((await list()).find((u) => u.email === 'helper@example.com')?.projects).to.deep.equal([{ id: h.projects[1]!.projectId, name: 'Blog', role: 'owner' }]);
  });
});
