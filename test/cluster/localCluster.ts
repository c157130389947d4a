import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A throwaway Redis Cluster of three masters on loopback, in a temporary directory. */
export interface LocalCluster {
  /** A seed node's URL; the client discovers the other masters from it. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/** Free for both the client port and its cluster bus (port + 10000). */
async function freePort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.has(port) || !(await canBind(port)) || !(await canBind(port + 10_000))) continue;
    taken.add(port);
    return port;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function cli(port: number, ...args: string[]): string {
  const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${out.stderr}`);
  return out.stdout;
}

async function waitFor(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Starts three `redis-server --cluster-enabled yes` (AOF on, as production should have it),
 * joins them with `redis-cli --cluster create` and waits for `cluster_state:ok` on every node.
 */
export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cuepoint-cluster-'));
  const taken = new Set<number>();
  const ports = [await freePort(taken), await freePort(taken), await freePort(taken)];
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
        '--appendonly', 'yes', '--appendfilename', `aof-${port}.aof`, '--appenddirname', `aof-${port}`, '--dbfilename', `dump-${port}.rdb`,
        '--dir', dir, '--save', '', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    ),
  );
  const stop = async () => {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.filter((s) => s.exitCode === null && s.signalCode === null).map((s) => new Promise((r) => s.once('exit', r))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await waitFor(`redis on ${port}`, () => cli(port, 'ping').trim() === 'PONG', 10_000);
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports) await waitFor(`cluster_state:ok on ${port}`, () => cli(port, 'cluster', 'info').includes('cluster_state:ok'), 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
}
