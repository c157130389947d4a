import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { onExit } from '../faults/infra/exitGuard.js';
import { freePort } from '../faults/infra/freePort.js';

const run = promisify(execFile);

/** The machine's PostgreSQL binaries (Debian: /usr/lib/postgresql/<major>/bin), newest major first. */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (majors[0] === undefined) throw new Error(`no PostgreSQL binaries under ${root}`);
  return join(root, majors[0], 'bin');
}

/** PostgreSQL refuses to run as root: then every binary runs as the `postgres` system user. */
const asRoot = process.getuid?.() === 0;

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root needs a postgres system user');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A private primary (wal_level=replica, trust for connections and replication on 127.0.0.1)
 * and a hot standby of it made with `pg_basebackup -R`, each on a free port, in one temp
 * folder. Tests pause and resume the standby's replay to make it lag on purpose.
 */
export class StreamingReplica {
  private readonly forgetExitCleanup: () => void;

  private constructor(
    private readonly dir: string,
    private readonly bin: string,
    readonly primaryPort: number,
    readonly standbyPort: number,
  ) {
    this.forgetExitCleanup = onExit(() => {
      for (const data of ['primary', 'standby']) killPostmaster(join(dir, data));
      rmSync(dir, { recursive: true, force: true });
    });
  }

  static async start(): Promise<StreamingReplica> {
    const dir = mkdtempSync(join(tmpdir(), 'cuepoint-replica-'));
    chmodSync(dir, 0o755);
    if (asRoot) {
      const { uid, gid } = postgresIds();
      chownSync(dir, uid, gid);
    }
    const servers = new StreamingReplica(dir, binaries(), await freePort(), await freePort());
    try {
      await servers.startPrimary();
      await servers.startStandby();
      return servers;
    } catch (err) {
      await servers.stop();
      throw err;
    }
  }

  primaryUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort}/${database}`;
  }

  standbyUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.standbyPort}/${database}`;
  }

  /** Waits until the standby has replayed everything the primary has written so far. */
  async caughtUp(timeoutMs = 15_000): Promise<void> {
    const target = await scalar(this.primaryUrl('postgres'), 'select pg_current_wal_lsn()::text');
    const started = Date.now();
    for (;;) {
      const behind = await scalar(this.standbyUrl('postgres'), `select (pg_last_wal_replay_lsn() < '${target}'::pg_lsn)::text`);
      if (behind === 'false') return;
      if (Date.now() - started > timeoutMs) throw new Error(`standby did not replay up to ${target} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops applying WAL on the standby (it keeps receiving it), as a standby lagging behind. */
  async pauseReplay(): Promise<void> {
    await scalar(this.standbyUrl('postgres'), 'select pg_wal_replay_pause()::text');
    for (let i = 0; i < 200; i += 1) {
      if ((await scalar(this.standbyUrl('postgres'), 'select pg_get_wal_replay_pause_state()')) === 'paused') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('standby replay did not pause');
  }

  async resumeReplay(): Promise<void> {
    await scalar(this.standbyUrl('postgres'), 'select pg_wal_replay_resume()::text');
  }

  /** A fast shutdown of the standby alone, as a standby that went away. */
  async stopStandby(): Promise<void> {
    await this.pgCtl(['stop', '-D', join(this.dir, 'standby'), '-m', 'fast', '-w']);
  }

  /** A fast shutdown of both servers, then the folder goes. */
  async stop(): Promise<void> {
    for (const data of ['standby', 'primary']) {
      await this.pgCtl(['stop', '-D', join(this.dir, data), '-m', 'fast', '-w']).catch(() => undefined);
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.forgetExitCleanup();
  }

  private async startPrimary(): Promise<void> {
    const data = join(this.dir, 'primary');
    await this.exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        ...this.serverSettings(this.primaryPort),
        'wal_level = replica',
        'max_wal_senders = 4',
        // Throwaway data: durability only costs time here.
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
      ].join('\n') + '\n',
    );
    appendFileSync(join(data, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n');
    await this.pgCtl(['start', '-D', data, '-l', join(this.dir, 'primary.log'), '-w', '-t', '30']);
  }

  private async startStandby(): Promise<void> {
    const data = join(this.dir, 'standby');
    await this.exec('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.primaryPort), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast']);
    // Later lines win: the copied settings are the primary's, so the port is given again.
    appendFileSync(join(data, 'postgresql.conf'), [...this.serverSettings(this.standbyPort), 'hot_standby = on'].join('\n') + '\n');
    await this.pgCtl(['start', '-D', data, '-l', join(this.dir, 'standby.log'), '-w', '-t', '30']);
  }

  private serverSettings(port: number): string[] {
    return [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${this.dir}'`, 'max_connections = 40', "shared_buffers = '32MB'"];
  }

  private pgCtl(args: string[]): Promise<unknown> {
    return this.exec('pg_ctl', args);
  }

  private async exec(binary: string, args: string[]): Promise<void> {
    const path = join(this.bin, binary);
    try {
      if (asRoot) await run('runuser', ['-u', 'postgres', '--', path, ...args], { cwd: this.dir });
      else await run(path, args, { cwd: this.dir });
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new Error(`${binary} ${args.join(' ')} failed: ${stderr.trim()}`, { cause: err });
    }
  }
}

async function scalar(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(sql);
    return Object.values(rows[0] ?? {})[0] ?? '';
  } finally {
    await client.end();
  }
}

/** PostgreSQL writes its pid on the first line of postmaster.pid; SIGQUIT is its immediate shutdown. */
function killPostmaster(data: string): void {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // Not running.
  }
}
