import { spawnNode, stopChild } from '../lib/processes.js';
import type { RunningRole } from '../lib/roles.js';
import { LISTENING_PREFIX } from './announce.js';

/** Starts one of the bare ceiling servers (bareHttp.ts, bareExpress.ts) in its own process. */
export async function startCeiling(file: 'bareHttp' | 'bareExpress'): Promise<RunningRole> {
  const server = spawnNode(['--import', 'tsx', `bench/ceilings/${file}.ts`]);
  const port = (await server.line(LISTENING_PREFIX)).slice(LISTENING_PREFIX.length);
  return { url: `http://127.0.0.1:${port}`, pids: [server.child.pid ?? 0], stop: () => stopChild(server.child) };
}
