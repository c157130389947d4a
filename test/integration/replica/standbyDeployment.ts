import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../../shared/config.js';
import { migrate } from '../../../shared/db/migrate.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { deleteRedisPrefix, sharedServices } from '../../helpers/services.js';
import { StreamingReplica } from '../../helpers/streamingReplica.js';

const DATABASE = 'cuepoint';

/** An answer of the web process, its body parsed. */
export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export async function requestJson(baseUrl: string, path: string, headers: Record<string, string> = {}, init: { method?: string; body?: string } = {}): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body: init.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/**
 * A primary and its real streaming standby (`pg_basebackup -R`, started by the test) holding one
 * migrated Cuepoint database, and the configuration of a deployment whose stats read the standby.
 * Everything started is undone in reverse by `close()`, whatever part of `start()` ran.
 */
export class StandbyDeployment {
  servers!: StreamingReplica;
  /** The environment of a deployment with DATABASE_READ_URL set. */
  env!: Record<string, string>;
  config!: Config;
  /** The primary's database, where test data is written (the standby gets it by replay only). */
  primary!: pg.Pool;
  private readonly undo: (() => Promise<unknown>)[] = [];

  /** `name` tells this file's Redis keys apart; `extraEnv` is added to every configuration. */
  async start(name: string, extraEnv: Record<string, string> = {}): Promise<void> {
    this.servers = await StreamingReplica.start();
    this.onClose(() => this.servers.stop());
    const setup = new pg.Client({ connectionString: this.servers.primaryUrl('postgres') });
    await setup.connect();
    await setup.query(`create database ${DATABASE}`);
    await setup.end();
    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: this.servers.primaryUrl(DATABASE),
      DATABASE_READ_URL: this.servers.standbyUrl(DATABASE),
      REDIS_URL: (await sharedServices()).base.redis.url ?? '',
      QUEUE_PREFIX: `cpt-${name}-${randomBytes(4).toString('hex')}`,
      ...extraEnv,
    };
    this.config = loadConfig(this.env);
    this.onClose(() => deleteRedisPrefix(this.config));
    await migrate(this.config);
    this.primary = new pg.Pool({ connectionString: this.servers.primaryUrl(DATABASE), max: 3 });
    this.onClose(() => this.primary.end());
  }

  /** The same deployment without DATABASE_READ_URL: everything reads the primary. */
  get primaryOnly(): Config {
    return { ...this.config, database: { ...this.config.database, readUrl: undefined } };
  }

  async createProject(name: string): Promise<CreatedProject> {
    const orm = await initOrm(this.config);
    try {
      return await createProject(orm.em.fork(), { name, timezone: 'UTC' });
    } finally {
      await orm.close();
    }
  }

  onClose(undo: () => Promise<unknown>): void {
    this.undo.push(undo);
  }

  async close(): Promise<void> {
    for (const undo of this.undo.reverse()) await undo();
  }
}
