import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '../../../shared/local/redisServer.js';
import { freePort } from '../../faults/infra/freePort.js';

export { rtRow } from '../../helpers/realtimeRows.js';

/** A clock a test moves by hand. */
export function manualClock(start: number): { now: () => number; advance: (ms: number) => void } {
  let at = start;
  return { now: () => at, advance: (ms) => void (at += ms) };
}


/**
 * A redis-server of the test's own, for what the shared one must not see changed or counted
 * (maxmemory, command statistics).
 */
export async function privateRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cuepoint-rt-'));
  const server = await startRedisServer(dir, await freePort());
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
