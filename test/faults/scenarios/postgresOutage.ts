import { setTimeout as sleep } from 'node:timers/promises';
import { printFigures } from '../check/report.js';
import type { Tally } from '../check/tally.js';
import type { Ledger } from '../client/ledger.js';
import type { PrivateServers } from '../infra/privateServers.js';
import { inScenario } from './scenario.js';
import type { FaultSize } from './size.js';

export const POSTGRES_DOWN_MS = 20_000;

export interface PostgresOutageResult {
  tally: Tally;
  ledger: Ledger;
  /** Events acknowledged while PostgreSQL was down: the queue absorbing them. */
  ackedWhileDown: number;
  /** Names of processes that died during the outage (none should). */
  crashed: string[];
}

/** Scenario 2: PostgreSQL stops for 20 s mid-stream and comes back. */
export async function postgresOutage(servers: PrivateServers, size: FaultSize): Promise<PostgresOutageResult> {
  return inScenario(servers, size, {}, async (s) => {
    await Promise.all([s.deployment.start('web'), s.deployment.start('worker'), s.deployment.start('clock')]);
    // Long enough that the stream goes on through the whole outage.
    const stream = s.stream(POSTGRES_DOWN_MS / 1000 + size.streamSeconds);
    await stream.acknowledged(0.1);
    const downAt = Date.now();
    await servers.postgres.stop();
    await sleep(POSTGRES_DOWN_MS);
    const upAt = Date.now();
    const ackedWhileDown = stream.ledger.ackedBetween(downAt, upAt).length;
    const crashed = s.deployment.processes.filter((p) => !p.running).map((p) => p.name);
    await servers.postgres.start();
    const t = await s.settle(stream);
    printFigures(`PostgreSQL down ${POSTGRES_DOWN_MS / 1000} s`, t, stream.ledger, {
      'acknowledged while down': ackedWhileDown,
      'dead letters': t.deadLetters,
    });
    return { tally: t, ledger: stream.ledger, ackedWhileDown, crashed };
  });
}
