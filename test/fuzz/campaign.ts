import { Queue } from 'bullmq';
import fc from 'fast-check';
import { INGEST_QUEUE } from '../../shared/queue/contract.js';
import type { Harness } from '../integration/api/harness.js';
import { accountRequest } from './accountRequests.js';
import { adminRequest } from './adminRequests.js';
import { ingestRequest } from './ingestRequests.js';
import { answerProblems, describeRequest } from './oracle.js';
import { pathRequest } from './pathRequests.js';
import { settledMemory, watchProcess, type MemorySample } from './process.js';
import { sendRaw, type RawRequest } from './rawHttp.js';
import { statsRequest } from './statsRequests.js';
import type { FuzzTargets } from './targets.js';

export interface CampaignOptions {
  /** Requests in total (rounded up to whole batches). */
  requests: number;
  seed: number;
  /** Requests in flight at once: the server sees concurrency, as in production. */
  concurrency: number;
  /** Shrink a failing batch (slow against a real server); off, the first failure is reported as is. */
  shrink: boolean;
}

export interface CampaignReport {
  requests: number;
  elapsedMs: number;
  /** Answers per status code. */
  statuses: Record<string, number>;
  /** After the warm-up (the first tenth of the requests) and after the last request. */
  memory: { early: MemorySample; late: MemorySample };
}

/** Jobs of accepted requests pile up in Redis (no worker runs); emptying the queue now and then keeps Redis small. */
const DRAIN_EVERY_BATCHES = 100;

/** Ingest carries the most logic, so it gets half of the requests. */
export function fuzzRequest(targets: FuzzTargets, now: number): fc.Arbitrary<RawRequest> {
  return fc.oneof(
    { weight: 50, arbitrary: ingestRequest(targets, now) },
    { weight: 22, arbitrary: adminRequest(targets) },
    { weight: 18, arbitrary: statsRequest(targets) },
    { weight: 10, arbitrary: pathRequest() },
    { weight: 6, arbitrary: accountRequest(targets) },
  );
}

/** A request that prints as one readable line in fast-check's counterexample. */
function printable(request: RawRequest): RawRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

/**
 * Sends `requests` fuzzed requests in batches of `concurrency` to the harness' web process and
 * checks every answer with the oracle. fast-check drives the generation from a fixed seed, so a
 * failure names the seed and the path that reproduce it.
 */
export async function runCampaign(h: Harness, targets: FuzzTargets, options: CampaignOptions): Promise<CampaignReport> {
  const queue = new Queue(INGEST_QUEUE, { connection: h.redis, prefix: h.t.config.redis.prefix });
  const watch = watchProcess();
  const batches = Math.ceil(options.requests / options.concurrency);
  const warmupBatches = Math.max(1, Math.floor(batches / 10));
  const statuses: Record<string, number> = {};
  let done = 0;
  let early: MemorySample | undefined;
  const started = Date.now();

  const request = fuzzRequest(targets, Date.now()).map(printable);
  const batch = fc.array(options.shrink ? request : fc.noShrink(request), { minLength: options.concurrency, maxLength: options.concurrency });
  const property = fc.asyncProperty(batch, async (requests) => {
    const answers = await Promise.all(requests.map((r) => sendRaw(h.web.port, r)));
    const failures: string[] = [];
    requests.forEach((r, i) => {
      const answer = answers[i];
      const status = answer === undefined ? 'closed' : String(answer.status);
      statuses[status] = (statuses[status] ?? 0) + 1;
      const problems = answerProblems(r, answer);
      if (problems.length > 0) failures.push(`${problems.join('; ')}\n      request: ${describeRequest(r)}\n      answer: ${answer?.body.toString('utf8').slice(0, 300) ?? ''}`);
    });
    failures.push(...watch.problems);
    if (failures.length > 0) throw new Error(`after ${done} batches:\n    ${failures.join('\n    ')}`);
    done += 1;
    if (done % DRAIN_EVERY_BATCHES === 0) await queue.drain();
    if (done === warmupBatches) {
      await queue.drain();
      early = await settledMemory();
    }
  });

  try {
    await fc.assert(property, { seed: options.seed, numRuns: batches, endOnFailure: !options.shrink });
    await queue.drain();
    const late = await settledMemory();
    if (watch.problems.length > 0) throw new Error(watch.problems.join('\n'));
    return { requests: done * options.concurrency, elapsedMs: Date.now() - started, statuses, memory: { early: early ?? late, late } };
  } finally {
    watch.stop();
    await queue.close();
  }
}
