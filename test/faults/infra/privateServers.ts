import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../../shared/db/migrate.js';
import { onExit } from './exitGuard.js';
import { freePort } from './freePort.js';
import { PrivatePostgres } from './privatePostgres.js';
import { PrivateRedis } from './privateRedis.js';

export interface ScenarioStore {
  databaseUrl: string;
  redisUrl: string;
  /** Redis key prefix of this scenario's queues. */
  prefix: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/**
 * One PostgreSQL and one Redis for the whole fault suite, in a temp folder removed at the end.
 * Scenarios run one after another, each on a copy of a migrated template database and its own
 * key prefix, so a scenario that kills a server only ever hurts itself.
 */
export class PrivateServers {
  private readonly forgetExitCleanup: () => void;

  private constructor(
    private readonly dir: string,
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    private readonly template: string,
  ) {
    this.forgetExitCleanup = onExit(() => {
      killPostmaster(dir);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  static async start(): Promise<PrivateServers> {
    const dir = mkdtempSync(join(tmpdir(), 'cuepoint-faults-'));
    // As root, PostgreSQL runs as the unprivileged `postgres` user, who must reach its folder.
    chmodSync(dir, 0o755);
    let postgres: PrivatePostgres | undefined;
    let redis: PrivateRedis | undefined;
    try {
      postgres = await PrivatePostgres.start(dir, await freePort());
      redis = await PrivateRedis.start(dir, await freePort());
      const template = 'faults_template';
      await adminQuery(postgres.url('postgres'), `create database ${template}`);
      await migrate({ database: { url: postgres.url(template), ssl: 'off', poolMax: 2 } });
      return new PrivateServers(dir, postgres, redis, template);
    } catch (err) {
      await redis?.kill();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** A fresh migrated database and key prefix for one scenario. */
  async newStore(): Promise<ScenarioStore> {
    const id = randomBytes(4).toString('hex');
    const database = `faults_${id}`;
    await adminQuery(this.postgres.url('postgres'), `create database ${database} template ${this.template}`);
    const databaseUrl = this.postgres.url(database);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    // The scenario stops this server on purpose; an idle client noticing must not crash the test.
    pool.on('error', () => undefined);
    return {
      databaseUrl,
      redisUrl: this.redis.url,
      prefix: `faults-${id}`,
      pool,
      drop: async () => {
        await pool.end();
        if (this.postgres.running) await adminQuery(this.postgres.url('postgres'), `drop database if exists ${database} with (force)`);
      },
    };
  }

  /** Stops both servers and removes every file they wrote. */
  async stop(): Promise<void> {
    await this.redis.kill();
    await this.postgres.stop();
    rmSync(this.dir, { recursive: true, force: true });
    this.forgetExitCleanup();
  }
}

/** PostgreSQL writes its pid on the first line of postmaster.pid; SIGQUIT is its immediate shutdown. */
function killPostmaster(dir: string): void {
  try {
    const pid = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // Not running.
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
