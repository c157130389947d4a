import type { Ceilings } from '../ceilings/ceilingSteps.js';
import { describeLoad, requestsPerS } from '../ingest/describeLoad.js';
import type { LoadResult } from '../ingest/loadSpec.js';
import { runLoad } from '../ingest/runLoad.js';
import { BATCH_SIZES, perRequest, type BatchSize, type BenchContext } from '../lib/context.js';
import { storedEvents } from '../lib/database.js';
import { startWebRole, startWorkerRole, type RunningRole } from '../lib/roles.js';
import { int, pct, type Table } from '../report/table.js';
import type { CopyResult } from './copyCeiling.js';
import { measureDrain, measureEndToEnd } from './endToEnd.js';

export interface Deployment {
  webs: number;
  workers: number;
}

export interface DeploymentFigures {
  ingest: Record<BatchSize, LoadResult>;
  /** Events/s end to end per request size. */
  endToEnd: Record<BatchSize, number>;
  webPeakMb: number | undefined;
  workerPeakMb: number | undefined;
}

const INGEST_TARGET_OF_EXPRESS = 0.8;
const INGEST_TARGET_OF_HTTP = 0.15;
const P99_TARGET_MS = 30;
const E2E_TARGET: Record<BatchSize, number> = { 1: 4_000, 20: 40_000 };
const E2E_TARGET_OF_COPY = 0.3;
/** Stalls are caught sooner (queueWatch); this bounds a slow but moving drain. */
const E2E_DRAIN_TIMEOUT_MS = 15 * 60_000;

function label(d: Deployment): string {
  const note = d.webs > 1 || d.workers > 1 ? ' (machine has 2 cores)' : '';
  return `${d.webs} web + ${d.workers} worker${note}`;
}

/**
 * One deployment, measured in order: ingest alone (web processes only, so the figure is the
 * API's), then workers start and drain what that left, then end to end with both running.
 * Peak RSS covers all of it.
 */
export interface StepNames {
  ingest: string;
  endToEnd: string;
}

export async function measureDeployment(ctx: BenchContext, d: Deployment, ceilings: Ceilings, copy: CopyResult, step: StepNames): Promise<DeploymentFigures> {
  const { table, args } = ctx;
  const roles = d.webs > 1 ? `${d.webs} web (node:cluster, one port)` : '1 web';
  let web: RunningRole | undefined;
  let workers: RunningRole | undefined;
  try {
    web = await startWebRole(ctx.roles, d.webs);
    for (const pid of web.pids) ctx.rss.watch(`web x${d.webs}`, pid);
    const url = `${web.url}/v1/events`;
    const load = (size: BatchSize) => ({ url, connections: args.connections, durationS: args.durationS, eventsPerRequest: size, writeKey: ctx.project.writeKey });

    const rowsBefore = await storedEvents(ctx.pool);
    const ingest: Partial<Record<BatchSize, LoadResult>> = {};
    let backlogEvents = 0;
    for (const size of BATCH_SIZES) {
      const r = await runLoad(load(size));
      ingest[size] = r;
      backlogEvents += r.accepted * size;
      addIngestRows(table, step.ingest, `${roles}, no worker running, ${perRequest(size)}`, r, size, ceilings);
    }

    const workersStarted = Date.now();
    workers = await startWorkerRole(ctx.roles, d.workers);
    for (const pid of workers.pids) ctx.rss.watch(`worker x${d.workers}`, pid);
    const drain = await measureDrain(ctx.pool, ctx.probe, { before: rowsBefore, expected: rowsBefore + backlogEvents }, workersStarted, drainTimeoutMs(backlogEvents));
    table.add(
      step.endToEnd,
      `${d.workers} worker(s) drain the backlog the ingest steps left (${int(backlogEvents)} events)`,
      `${int(drain.eventsPerS)} events/s, ${drain.seconds.toFixed(1)} s from worker start; depth (jobs): ${drain.timeline}`,
      'drains fully',
      drain.stored.complete && drain.stored.failedJobs === 0,
    );

    const endToEnd: Partial<Record<BatchSize, number>> = {};
    for (const size of BATCH_SIZES) {
      const e = await measureEndToEnd(ctx.pool, ctx.probe, load(size), E2E_DRAIN_TIMEOUT_MS);
      endToEnd[size] = e.eventsPerS;
      const targets = [`>= ${int(E2E_TARGET[size])} events/s`];
      let met = e.eventsPerS >= E2E_TARGET[size] && e.stored.complete;
      if (size === 20) {
        targets.push(`COPY ceiling ${int(copy.rowsPerS)} rows/s: ${pct(e.eventsPerS / copy.rowsPerS)} (>= ${pct(E2E_TARGET_OF_COPY)})`);
        met &&= e.eventsPerS / copy.rowsPerS >= E2E_TARGET_OF_COPY;
      }
      table.add(
        step.endToEnd,
        `${label(d)}, ${perRequest(size)}: first request -> last row committed`,
        `${int(e.eventsPerS)} events/s (${int(e.events)} events in ${e.seconds.toFixed(1)} s); ingest meanwhile ${describeLoad(e.load, size)}`,
        targets.join('; '),
        met,
      );
      table.add(
        step.endToEnd,
        `queue during end to end, ${perRequest(size)}`,
        `peak ${int(e.peakDepth)} jobs; empty and committed ${e.drainAfterLoadS.toFixed(1)} s after the load stopped; depth: ${e.timeline}`,
        'drains fully',
        e.stored.complete && e.stored.failedJobs === 0,
      );
    }
    ctx.rss.release([...web.pids, ...workers.pids]);
    return {
      ingest: ingest as Record<BatchSize, LoadResult>,
      endToEnd: endToEnd as Record<BatchSize, number>,
      webPeakMb: ctx.rss.peakMb(`web x${d.webs}`),
      workerPeakMb: ctx.rss.peakMb(`worker x${d.workers}`),
    };
  } finally {
    await web?.stop();
    await workers?.stop();
  }
}

function addIngestRows(table: Table, step: string, what: string, r: LoadResult, size: BatchSize, ceilings: Ceilings): void {
  const rps = requestsPerS(r);
  const ofExpress = rps / requestsPerS(ceilings.bareExpress[size]);
  const ofHttp = rps / requestsPerS(ceilings.bareHttp[size]);
  table.add(
    step,
    `Cuepoint ${what}`,
    describeLoad(r, size),
    `${pct(ofExpress)} of (b) (>= ${pct(INGEST_TARGET_OF_EXPRESS)}); ${pct(ofHttp)} of (a) (>= ${pct(INGEST_TARGET_OF_HTTP)}); p99 < ${P99_TARGET_MS} ms`,
    ofExpress >= INGEST_TARGET_OF_EXPRESS && ofHttp >= INGEST_TARGET_OF_HTTP && r.latencyP99Ms < P99_TARGET_MS && r.non2xx === 0,
  );
}

/** Generous: a stuck queue must fail the step, a slow one must still be measured. */
function drainTimeoutMs(events: number): number {
  return Math.max(60_000, (events / 2_000) * 1000);
}
