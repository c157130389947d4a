import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeRedis } from '../../../shared/local/probe.js';
import { ensureRedisServerBinary } from '../../../shared/local/redisServer.js';
import { onExit } from './exitGuard.js';

/**
 * A redis-server owned by the fault tests: its own port and data folder, with the settings
 * production needs (AOF, fsync every second, noeviction), so that killing it hurts nobody
 * else and a restart replays exactly what the AOF kept.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(dataDir: string, port: number): Promise<PrivateRedis> {
    ensureRedisServerBinary();
    const dir = join(dataDir, 'redis');
    mkdirSync(dir, { recursive: true });
    const redis = new PrivateRedis(port, dir);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (again) on the same port and folder; the AOF is replayed before it answers. */
  async start(): Promise<void> {
    if (this.running) return;
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes',
        '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', ''],
      { stdio: 'ignore' },
    );
    this.child = child;
    const forget = onExit(() => child.kill('SIGKILL'));
    child.once('exit', forget);
    for (let i = 0; i < 100; i++) {
      if ((await probeRedis(this.url)) === 'ok') return;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    await this.kill();
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** The crash the AOF bound is about: no chance to flush anything. */
  async kill(): Promise<void> {
    await this.stopWith('SIGKILL');
  }

  /** SIGTERM is redis-server's SHUTDOWN: it fsyncs the AOF before it exits. */
  async shutdown(): Promise<void> {
    await this.stopWith('SIGTERM');
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}
