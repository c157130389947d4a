import { randomBytes } from 'node:crypto';
import type { ScenarioStore } from './privateServers.js';
import { freePort } from './freePort.js';
import { RoleProcess, type Role } from './roleProcess.js';

/**
 * Settings every fault scenario runs with: short BullMQ lock and stall intervals so a killed
 * worker's jobs come back within seconds, short PostgreSQL retry backoff, and no per-IP limit
 * (every synthetic client shares 127.0.0.1; the per-key limit stays on).
 */
function baseEnv(store: ScenarioStore): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: store.databaseUrl,
    REDIS_URL: store.redisUrl,
    QUEUE_PREFIX: store.prefix,
    WORKER_LOCK_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    RETRY_BACKOFF_MAX_MS: '1000',
    RATE_LIMIT_PER_IP: '0',
    // Shared by every web process, as README asks when several run.
    RATE_LIMIT_SECRET: randomBytes(24).toString('hex'),
  };
}

/** The Procfile's roles as child processes against one scenario's database and queue. */
export class Deployment {
  readonly processes: RoleProcess[] = [];
  private readonly env: Record<string, string>;
  private readonly webs = new Map<RoleProcess, string>();
  private readonly started = new Map<Role, number>();

  constructor(store: ScenarioStore, overrides: Record<string, string> = {}) {
    this.env = { ...baseEnv(store), ...overrides };
  }

  /** Starts one more process of `role` and waits until it says it started. */
  async start(role: Role): Promise<RoleProcess> {
    // Numbered before the first await, so processes started together get distinct names.
    const index = (this.started.get(role) ?? 0) + 1;
    this.started.set(role, index);
    const port = role === 'web' ? await freePort() : 0;
    const env = role === 'web' ? { ...this.env, PORT: String(port) } : this.env;
    const child = new RoleProcess(role, `${role}.${index}`, env);
    this.processes.push(child);
    await child.ready();
    if (role === 'web') this.webs.set(child, `http://127.0.0.1:${port}`);
    return child;
  }

  async startMany(role: Role, count: number): Promise<RoleProcess[]> {
    return Promise.all(Array.from({ length: count }, () => this.start(role)));
  }

  /** URLs of every web process started, stopped ones included (clients must cope with those). */
  get webUrls(): string[] {
    return [...this.webs.values()];
  }

  running(role: Role): RoleProcess[] {
    return this.processes.filter((p) => p.role === role && p.running);
  }

  /** Log tails of every process, for a failure message. */
  logs(): string {
    return this.processes.map((p) => `--- ${p.name} (pid ${p.pid})\n${p.logTail}`).join('\n');
  }

  /** Kills whatever still runs; for after hooks, where a graceful stop may hang on a dead server. */
  async killAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
  }
}
