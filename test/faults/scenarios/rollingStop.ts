import { printFigures } from '../check/report.js';
import type { Tally } from '../check/tally.js';
import type { Ledger } from '../client/ledger.js';
import type { PrivateServers } from '../infra/privateServers.js';
import type { Exit } from '../infra/roleProcess.js';
import { inScenario } from './scenario.js';
import type { FaultSize } from './size.js';

export interface RollingStopResult {
  tally: Tally;
  ledger: Ledger;
  webExit: Exit;
  workerExit: Exit;
}

/** Scenario 4: two web and three worker processes; one of each gets SIGTERM mid-stream. */
export async function rollingStop(servers: PrivateServers, size: FaultSize): Promise<RollingStopResult> {
  return inScenario(servers, size, {}, async (s) => {
    const [webs, workers] = await Promise.all([s.deployment.startMany('web', 2), s.deployment.startMany('worker', 3)]);
    const stream = s.stream(size.streamSeconds);
    await stream.acknowledged(0.4);
    const [webExit, workerExit] = await Promise.all([webs[0]!.stop('SIGTERM'), workers[0]!.stop('SIGTERM')]);
    const t = await s.settle(stream);
    printFigures('2 web + 3 workers, one of each SIGTERMed', t, stream.ledger, {
      'web exit': `${webExit.code} in ${webExit.tookMs} ms`,
      'worker exit': `${workerExit.code} in ${workerExit.tookMs} ms`,
    });
    return { tally: t, ledger: stream.ledger, webExit, workerExit };
  });
}
