import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { measureEndToEnd } from '../e2e/endToEnd.js';
import type { LoadSpec } from '../ingest/loadSpec.js';
import { REQUESTS, type RequestKind } from '../ingest/requestKinds.js';
import { runLoad } from '../ingest/runLoad.js';
import type { BenchContext } from '../lib/context.js';
import { cpuMs } from '../lib/cpuTime.js';
import { startWebRole, startWorkerRole, type RunningRole } from '../lib/roles.js';
import { readProfile, type ProfileSummary } from './cpuProfile.js';
import { END_TO_END_SCENARIOS, INGEST_SCENARIOS, roundOrder, type Scenario } from './scenarios.js';
import { segmentSection, type Sample } from './segmentReport.js';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Stalls are caught sooner (queueWatch); this bounds a slow but moving drain. */
const E2E_DRAIN_TIMEOUT_MS = 15 * 60_000;

/**
 * The Segment routes against `/v1/events` with the same events, in interleaved rounds:
 * ingest alone (1 web, no worker, the queue emptied before every load so each starts alike),
 * then end to end (1 web + 1 worker, first request to last row committed), then, unless told
 * not to, a CPU profile of the web process under a batch load and under its twin.
 * Returns the markdown section for RESULTS.md.
 */
export async function measureSegment(ctx: BenchContext): Promise<string> {
  const rounds = ctx.args.segmentRounds;
  const ingest: Sample[] = [];
  const endToEnd: Sample[] = [];
  let web: RunningRole | undefined;
  let worker: RunningRole | undefined;
  try {
    web = await startWebRole(ctx.roles, 1);
    const webPid = onlyPid(web);
    await checkBodies(ctx, web.url);
    for (let round = 0; round < rounds; round++) {
      for (const scenario of roundOrder(INGEST_SCENARIOS, round)) {
        log(`segment ingest, round ${round + 1}/${rounds}: ${scenario.kind}`);
        await ctx.probe.emptyQueue();
        const cpu0 = cpuMs(webPid);
        const load = await runLoad(loadSpec(ctx, web.url, scenario));
        const events = load.accepted * scenario.eventsPerRequest;
        ingest.push({ scenario, round, load, events, eventsPerS: events / load.durationS, webCpuMs: cpuMs(webPid) - cpu0, loadAvg: os.loadavg()[0] ?? 0 });
      }
    }
    await ctx.probe.emptyQueue();

    worker = await startWorkerRole(ctx.roles, 1);
    const workerPid = onlyPid(worker);
    for (let round = 0; round < rounds; round++) {
      for (const scenario of roundOrder(END_TO_END_SCENARIOS, round)) {
        log(`segment end to end, round ${round + 1}/${rounds}: ${scenario.kind}`);
        const web0 = cpuMs(webPid);
        const worker0 = cpuMs(workerPid);
        const e = await measureEndToEnd(ctx.pool, ctx.probe, loadSpec(ctx, web.url, scenario), E2E_DRAIN_TIMEOUT_MS);
        endToEnd.push({
          scenario,
          round,
          load: e.load,
          events: e.events,
          eventsPerS: e.eventsPerS,
          webCpuMs: cpuMs(webPid) - web0,
          workerCpuMs: cpuMs(workerPid) - worker0,
          loadAvg: os.loadavg()[0] ?? 0,
          stored: e.stored.complete && e.stored.failedJobs === 0,
          seconds: e.seconds,
        });
      }
    }
  } finally {
    await web?.stop();
    await worker?.stop();
  }
  const profiles = ctx.args.segmentProfile ? await profileWeb(ctx) : undefined;
  return segmentSection({ rounds, durationS: ctx.args.durationS, connections: ctx.args.connections, ingest, endToEnd, profiles, messageBytes: messageBytes(ctx) });
}

function loadSpec(ctx: BenchContext, baseUrl: string, scenario: Scenario): LoadSpec {
  return {
    url: `${baseUrl}${REQUESTS[scenario.kind].path}`,
    kind: scenario.kind,
    connections: ctx.args.connections,
    durationS: ctx.args.durationS,
    eventsPerRequest: scenario.eventsPerRequest,
    writeKey: ctx.project.writeKey,
  };
}

function onlyPid(role: RunningRole): number {
  const [pid] = role.pids;
  if (pid === undefined || pid === 0) throw new Error('no process id for the role');
  return pid;
}

/**
 * One request of each kind before any load: a Segment route answers 200 even when it refuses
 * some messages, so a body that drifted from what the route accepts would otherwise be counted
 * as accepted events. Every event of every body must be accepted.
 */
async function checkBodies(ctx: BenchContext, baseUrl: string): Promise<void> {
  for (const scenario of INGEST_SCENARIOS) {
    const shape = REQUESTS[scenario.kind];
    const response = await fetch(`${baseUrl}${shape.path}`, {
      method: 'POST',
      headers: shape.headers(ctx.project.writeKey),
      body: shape.body(scenario.eventsPerRequest, ctx.project.writeKey),
    });
    const answer = (await response.json()) as { accepted?: number; rejected?: unknown[] };
    if (!response.ok || answer.accepted !== scenario.eventsPerRequest || (answer.rejected?.length ?? 0) > 0) {
      throw new Error(`${scenario.kind} body not fully accepted by ${shape.path}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
    }
  }
  await ctx.probe.emptyQueue();
}

/** Mean bytes of one message or event, as sent, per kind. */
function messageBytes(ctx: BenchContext): Partial<Record<RequestKind, number>> {
  const sizes: Partial<Record<RequestKind, number>> = {};
  for (const scenario of INGEST_SCENARIOS) {
    const body = REQUESTS[scenario.kind].body(scenario.eventsPerRequest, ctx.project.writeKey);
    sizes[scenario.kind] = Buffer.byteLength(body) / scenario.eventsPerRequest;
  }
  return sizes;
}

/** The web process under `--cpu-prof`, one process per load, so each profile holds one route's work. */
async function profileWeb(ctx: BenchContext): Promise<Partial<Record<RequestKind, ProfileSummary & { events: number }>>> {
  const profiles: Partial<Record<RequestKind, ProfileSummary & { events: number }>> = {};
  for (const scenario of END_TO_END_SCENARIOS) {
    log(`segment: CPU profile of the web process under ${scenario.kind}`);
    const dir = mkdtempSync(join(os.tmpdir(), 'cuepoint-bench-prof-'));
    try {
      const web = await startWebRole(ctx.roles, 1, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      let events = 0;
      let loadStarted = Date.now();
      try {
        const load = await runLoad(loadSpec(ctx, web.url, scenario));
        events = load.accepted * scenario.eventsPerRequest;
        loadStarted = load.startedAt;
      } finally {
        await web.stop(); // the profile is written as the process exits
      }
      profiles[scenario.kind] = { ...readProfile(dir, Date.now() - loadStarted), events };
      await ctx.probe.emptyQueue();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return profiles;
}
