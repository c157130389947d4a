import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { printFigures } from '../check/report.js';
import type { Tally } from '../check/tally.js';
import type { Ledger } from '../client/ledger.js';
import type { PrivateServers } from '../infra/privateServers.js';
import { inScenario } from './scenario.js';
import type { FaultSize } from './size.js';

const KILL_EVERY_MS = 3000;

export interface WorkerKillsResult {
  tally: Tally;
  ledger: Ledger;
  kills: number;
  /** Events stored at each kill: a kill at 0 or after the last event would prove nothing. */
  storedAtKills: number[];
}

/** Scenario 1: the worker is SIGKILLed every few seconds mid-stream and started again. */
export async function workerKills(servers: PrivateServers, size: FaultSize): Promise<WorkerKillsResult> {
  return inScenario(servers, size, {}, async (s) => {
    const [, firstWorker] = await Promise.all([s.deployment.start('web'), s.deployment.start('worker')]);
    let worker = firstWorker;
    const stream = s.stream(2 * size.streamSeconds);
    const storedAtKills: number[] = [];
    let storedAtStart = 0;
    for (;;) {
      await sleep(KILL_EVERY_MS);
      // Only a worker that has committed since it started is killed: on a slow machine its first
      // batch can take longer than the interval, and killing it then would only ever roll back.
      while (!stream.finished && (await countEvents(s.store.pool)) <= storedAtStart) await sleep(100);
      if (stream.finished) break;
      await worker.stop('SIGKILL');
      storedAtKills.push(await countEvents(s.store.pool));
      worker = await s.deployment.start('worker');
      storedAtStart = await countEvents(s.store.pool);
    }
    const t = await s.settle(stream);
    printFigures(`worker SIGKILL every ${KILL_EVERY_MS / 1000} s`, t, stream.ledger, { kills: storedAtKills.length, 'stored at kills': storedAtKills.join(' ') });
    return { tally: t, ledger: stream.ledger, kills: storedAtKills.length, storedAtKills };
  });
}

async function countEvents(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from events');
  return rows[0]?.n ?? 0;
}
