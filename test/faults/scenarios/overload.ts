import { setTimeout as sleep } from 'node:timers/promises';
import { printFigures } from '../check/report.js';
import type { Tally } from '../check/tally.js';
import type { Ledger } from '../client/ledger.js';
import type { PrivateServers } from '../infra/privateServers.js';
import type { RoleProcess } from '../infra/roleProcess.js';
import { inScenario, type Scenario } from './scenario.js';
import type { FaultSize } from './size.js';

const SAMPLE_MS = 100;

export interface OverloadResult {
  tally: Tally;
  ledger: Ledger;
  backlogMaxJobs: number;
  /** Most jobs seen waiting while the worker was stopped. */
  maxWaiting: number;
  /** Waiting jobs when the first refusal came, and at the end of the hold: equal means no growth. */
  waitingAtFirstRefusal: number;
  waitingAtEndOfHold: number;
  rssAtFirstRefusalMb: number;
  maxRssMb: number;
  redisMemoryAtFirstRefusalMb: number;
  redisMemoryAtEndOfHoldMb: number;
  /** From the worker's start to the first 202 after it. */
  acceptingAgainAfterMs: number;
}

interface Sample {
  waiting: number;
  rssKb: number;
  redisBytes: number;
}

/**
 * The overload drill: no worker runs, the client pushes until the backlog bound, keeps pushing
 * for a while (honouring Retry-After), then a worker starts and everything drains on its own.
 */
export async function overload(servers: PrivateServers, size: FaultSize): Promise<OverloadResult> {
  const env = { BACKLOG_MAX_JOBS: String(size.backlogMaxJobs), BACKLOG_POLL_MS: '50' };
  return inScenario(servers, size, env, async (s) => {
    const web = await s.deployment.start('web');
    const stream = s.stream(0, { giveUpAfterMs: 300_000 });
    await waitForRefusal(stream.ledger);
    const atRefusal = await sample(s, web);
    let max = atRefusal;
    const holdUntil = Date.now() + size.overloadHoldMs;
    while (Date.now() < holdUntil) {
      await sleep(SAMPLE_MS);
      const now = await sample(s, web);
      max = { waiting: Math.max(max.waiting, now.waiting), rssKb: Math.max(max.rssKb, now.rssKb), redisBytes: Math.max(max.redisBytes, now.redisBytes) };
    }
    const atEndOfHold = await sample(s, web);

    const workerStartedAt = Date.now();
    await s.deployment.start('worker');
    const t = await s.settle(stream, 300_000);
    let firstAckAfter = Infinity;
    for (const at of stream.ledger.acked.values()) if (at >= workerStartedAt && at < firstAckAfter) firstAckAfter = at;
    const result: OverloadResult = {
      tally: t,
      ledger: stream.ledger,
      backlogMaxJobs: size.backlogMaxJobs,
      maxWaiting: max.waiting,
      waitingAtFirstRefusal: atRefusal.waiting,
      waitingAtEndOfHold: atEndOfHold.waiting,
      rssAtFirstRefusalMb: mb(atRefusal.rssKb * 1024),
      maxRssMb: mb(max.rssKb * 1024),
      redisMemoryAtFirstRefusalMb: mb(atRefusal.redisBytes),
      redisMemoryAtEndOfHoldMb: mb(atEndOfHold.redisBytes),
      acceptingAgainAfterMs: firstAckAfter - workerStartedAt,
    };
    printFigures(`overload (BACKLOG_MAX_JOBS ${size.backlogMaxJobs}, worker stopped ${size.overloadHoldMs / 1000} s past the bound)`, t, stream.ledger, {
      'waiting jobs at first refusal / end of hold / max': `${result.waitingAtFirstRefusal} / ${result.waitingAtEndOfHold} / ${result.maxWaiting}`,
      'web RSS at first refusal / max MB': `${result.rssAtFirstRefusalMb} / ${result.maxRssMb}`,
      'Redis used_memory at first refusal / end of hold MB': `${result.redisMemoryAtFirstRefusalMb} / ${result.redisMemoryAtEndOfHoldMb}`,
      'accepting again after worker start ms': result.acceptingAgainAfterMs,
    });
    return result;
  });
}

async function waitForRefusal(ledger: Ledger): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (ledger.answers(503) + ledger.answers(429) === 0) {
    if (Date.now() > deadline) throw new Error('the API never refused while no worker ran');
    await sleep(10);
  }
}

async function sample(s: Scenario, web: RoleProcess): Promise<Sample> {
  const info = await s.queues.redisInfo('memory');
  const redisBytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  return { waiting: await s.queues.ingest.getWaitingCount(), rssKb: web.rssKb(), redisBytes };
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
