import { Redis } from 'ioredis';
import { cpuMsIfAlive, mainThreadCpuMsIfAlive } from '../lib/cpuTime.js';

/** What one Redis server did during a step. */
export interface ServerLoad {
  /** host:port */
  address: string;
  /** Every thread's CPU: what the server costs its machine. */
  cpuMs: number;
  /** The main thread's, which runs every command: what bounds the server's throughput. */
  mainThreadMs: number;
  commands: number;
}

interface Reading {
  cpuMs: number;
  mainThreadMs: number;
  commands: number;
}

/**
 * The CPU time and command count of each Redis server a run uses (every master of the cluster,
 * or the single server). Redis runs its commands on one thread, so the busiest server's CPU per
 * event is what bounds a deployment's events/s, whatever the other servers do. The process id
 * comes from the server itself (INFO server), so this reads any Redis on this machine.
 */
export class RedisServers {
  private readonly clients: { address: string; redis: Redis }[];
  private pids: number[] = [];

  constructor(addresses: string[]) {
    this.clients = addresses.map((address) => {
      const [host, port] = address.split(':');
      return { address, redis: new Redis({ host, port: Number(port), maxRetriesPerRequest: 1, lazyConnect: false }) };
    });
  }

  /** Starts a measure; the returned function ends it. */
  async start(): Promise<() => Promise<ServerLoad[]>> {
    if (this.pids.length === 0) this.pids = await Promise.all(this.clients.map((c) => processId(c.redis)));
    const before = await this.read();
    return async () => {
      const after = await this.read();
      return this.clients.map((c, i) => ({
        address: c.address,
        cpuMs: (after[i]?.cpuMs ?? 0) - (before[i]?.cpuMs ?? 0),
        mainThreadMs: (after[i]?.mainThreadMs ?? 0) - (before[i]?.mainThreadMs ?? 0),
        // INFO itself is a command on each server; one before and one after.
        commands: (after[i]?.commands ?? 0) - (before[i]?.commands ?? 0) - 1,
      }));
    };
  }

  close(): void {
    for (const c of this.clients) c.redis.disconnect();
  }

  private async read(): Promise<Reading[]> {
    return Promise.all(
      this.clients.map(async (c, i) => {
        const stats = await c.redis.info('stats');
        const commands = Number(/^total_commands_processed:(\d+)/m.exec(stats)?.[1] ?? NaN);
        const pid = this.pids[i] ?? 0;
        const cpuMs = cpuMsIfAlive(pid);
        const mainThreadMs = mainThreadCpuMsIfAlive(pid);
        if (cpuMs === undefined || mainThreadMs === undefined) throw new Error(`Redis ${c.address} (pid ${pid}) is not a process on this machine: its CPU cannot be read`);
        return { cpuMs, mainThreadMs, commands };
      }),
    );
  }
}

async function processId(redis: Redis): Promise<number> {
  const info = await redis.info('server');
  return Number(/^process_id:(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** The busiest main thread's share of all the servers' main-thread CPU in a step (1 for a single server). */
export function busiestShare(loads: readonly ServerLoad[]): number {
  const total = loads.reduce((sum, l) => sum + l.mainThreadMs, 0);
  if (total <= 0) return 1;
  return Math.max(...loads.map((l) => l.mainThreadMs)) / total;
}
