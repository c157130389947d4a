import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { serverVersions } from './database.js';

/** One line naming what the figures were measured on. */
export async function describeMachine(redis: Redis): Promise<string> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  const pg = await serverVersions();
  const redisVersion = /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? '?';
  return (
    `${os.cpus().length} cores (${model}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${os.release()}; ` +
    `Node ${process.version}; PostgreSQL ${pg.postgres} (${pg.settings}); Redis ${redisVersion}`
  );
}
