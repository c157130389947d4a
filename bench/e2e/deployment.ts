import type { Ceilings } from '../ceilings/ceilingSteps.js';
import { describeLoad, requestsPerS } from '../ingest/describeLoad.js';
import type { LoadResult } from '../ingest/loadSpec.js';
import { runLoad } from '../ingest/runLoad.js';
import { BATCH_SIZES, perRequest, type BatchSize, type BenchContext } from '../lib/context.js';
import { storedEvents } from '../lib/database.js';
import { startWebRole, startWorkerRole, type RunningRole } from '../lib/roles.js';
import { measureStepCpu } from '../lib/stepCpu.js';
import { cpuCell, cpuPerEvent, type CpuPerEvent } from '../report/cpuPerEvent.js';
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
  /** CPU per event of each load step: ingest (web only), the drain (worker only), end to end (both). */
  cpu: { ingest: Record<BatchSize, CpuPerEvent>; drain: CpuPerEvent; endToEnd: Record<BatchSize, CpuPerEvent> };
}

/** Issue #18's aims: ingest as a share of the ceilings measured in the same run. */
const INGEST_TARGET_OF_EXPRESS: Record<BatchSize, number> = { 1: 0.8, 20: 0.7 };
/** Single-event requests only: a batch's cost is the product's, not the server's. */
const INGEST_TARGET_OF_HTTP = 0.25;
const P99_TARGET_MS = 30;
const E2E_TARGET: Record<BatchSize, number> = { 1: 4_000, 20: 40_000 };
const E2E_TARGET_OF_COPY = 0.5;
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

    const webOnly = { webPids: web.pids, workerPids: [], applicationNames: names(web) };
    const rowsBefore = await storedEvents(ctx.pool);
    const ingest: Partial<Record<BatchSize, LoadResult>> = {};
    const ingestCpu: Partial<Record<BatchSize, CpuPerEvent>> = {};
    let backlogEvents = 0;
    for (const size of BATCH_SIZES) {
      const stopCpu = await measureStepCpu(ctx.pool, webOnly);
      const r = await runLoad(load(size));
      const cpu = cpuPerEvent(await stopCpu(), r.accepted * size, undefined);
      ingest[size] = r;
      ingestCpu[size] = cpu;
      backlogEvents += r.accepted * size;
      addIngestRows(table, step.ingest, `${roles}, no worker running, ${perRequest(size)}`, r, size, ceilings, cpu);
    }

    const workersStarted = Date.now();
    workers = await startWorkerRole(ctx.roles, d.workers);
    for (const pid of workers.pids) ctx.rss.watch(`worker x${d.workers}`, pid);
    const both = { webPids: web.pids, workerPids: workers.pids, applicationNames: [...names(web), ...names(workers)] };
    // The workers start consuming before this first reading: only what they store from here on is divided.
    const stopDrainCpu = await measureStepCpu(ctx.pool, both);
    const storedAtCpuStart = await storedEvents(ctx.pool);
    const drain = await measureDrain(ctx.pool, ctx.probe, { before: rowsBefore, expected: rowsBefore + backlogEvents }, workersStarted, drainTimeoutMs(backlogEvents));
    const drainCpu = cpuPerEvent(await stopDrainCpu(), 0, drain.stored.stored - storedAtCpuStart);
    table.add(
      step.endToEnd,
      `${d.workers} worker(s) drain the backlog the ingest steps left (${int(backlogEvents)} events)`,
      `${int(drain.eventsPerS)} events/s, ${drain.seconds.toFixed(1)} s from worker start; depth (jobs): ${drain.timeline}`,
      'drains fully',
      drain.stored.complete && drain.stored.failedJobs === 0,
      cpuCell(drainCpu),
    );

    const endToEnd: Partial<Record<BatchSize, number>> = {};
    const endToEndCpu: Partial<Record<BatchSize, CpuPerEvent>> = {};
    for (const size of BATCH_SIZES) {
      const stopCpu = await measureStepCpu(ctx.pool, both);
      const e = await measureEndToEnd(ctx.pool, ctx.probe, load(size), E2E_DRAIN_TIMEOUT_MS);
      const cpu = cpuPerEvent(await stopCpu(), e.events, e.events);
      endToEnd[size] = e.eventsPerS;
      endToEndCpu[size] = cpu;
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
        cpuCell(cpu),
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
      cpu: { ingest: ingestCpu as Record<BatchSize, CpuPerEvent>, drain: drainCpu, endToEnd: endToEndCpu as Record<BatchSize, CpuPerEvent> },
    };
  } finally {
    await web?.stop();
    await workers?.stop();
  }
}

const names = (role: RunningRole) => (role.applicationName === undefined ? [] : [role.applicationName]);

/**
 * Throughput against the ceilings is the aim; the same ratio by CPU per event (ceiling's µs ÷
 * Cuepoint's) follows it without the noise of whatever else shares the cores, so both are shown.
 */
function addIngestRows(table: Table, step: string, what: string, r: LoadResult, size: BatchSize, ceilings: Ceilings, cpu: CpuPerEvent): void {
  const rps = requestsPerS(r);
  const ofExpress = rps / requestsPerS(ceilings.bareExpress[size]);
  const ofHttp = rps / requestsPerS(ceilings.bareHttp[size]);
  const byCpu = (server: 'bareHttp' | 'bareExpress') => (cpu.webUs === undefined ? 'n/a' : pct(ceilings.cpuUs[server][size] / cpu.webUs));
  const targets =
    size === 1
      ? `${pct(ofExpress)} of (b) (>= ${pct(INGEST_TARGET_OF_EXPRESS[size])}); ${pct(ofHttp)} of (a) (>= ${pct(INGEST_TARGET_OF_HTTP)}); p99 < ${P99_TARGET_MS} ms`
      : `${pct(ofExpress)} of (b) (>= ${pct(INGEST_TARGET_OF_EXPRESS[size])}); ${pct(ofHttp)} of (a)`;
  const met =
    ofExpress >= INGEST_TARGET_OF_EXPRESS[size] && r.non2xx === 0 && (size !== 1 || (ofHttp >= INGEST_TARGET_OF_HTTP && r.latencyP99Ms < P99_TARGET_MS));
  table.add(step, `Cuepoint ${what}`, describeLoad(r, size), `${targets}; by CPU per event: ${byCpu('bareExpress')} of (b), ${byCpu('bareHttp')} of (a)`, met, cpuCell(cpu));
}

/** Generous: a stuck queue must fail the step, a slow one must still be measured. */
function drainTimeoutMs(events: number): number {
  return Math.max(60_000, (events / 2_000) * 1000);
}
