import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeRedis } from './probe.js';
import type { StartedServer } from './embeddedPostgres.js';

export class MissingDependencyError extends Error {}

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** Finds redis-server, installing Debian's package when running as root and it is missing. */
export function ensureRedisServerBinary(): void {
  if (onPath('redis-server')) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && onPath('apt-get')) {
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'], {
      stdio: 'inherit',
    });
    if (onPath('redis-server')) return;
  }
  throw new MissingDependencyError(
    'No Redis answers and redis-server is not installed: install Redis (e.g. `apt-get install redis-server`) or set REDIS_URL.',
  );
}

/** Starts redis-server with AOF (everysec) and noeviction, the settings BullMQ needs to lose nothing. */
export async function startRedisServer(dataDir: string, port: number): Promise<StartedServer> {
  ensureRedisServerBinary();
  const dir = resolve(join(dataDir, 'redis'));
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--maxmemory-policy', 'noeviction', '--save', ''],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if ((await probeRedis(url)) === 'ok') {
      return {
        url,
        stop: async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new MissingDependencyError(`redis-server did not start on port ${port}`);
}
