/**
 * The load generator, always its own process so it never shares an event loop with a server:
 *   node --import tsx bench/ingest/loadClient.ts '<LoadSpec JSON>'
 * Prints one line `LOAD_RESULT <LoadResult JSON>`. Every request carries a freshly built body
 * (autocannon's setupRequest), so each event is new to the server.
 */
import { performance } from 'node:perf_hooks';
import autocannon, { type RawRequest } from 'autocannon';
import { RESULT_PREFIX, type LoadResult, type LoadSpec } from './loadSpec.js';
import { REQUESTS } from './requestKinds.js';

const BODY_SAMPLES = 2000;

function measureBodyBuildUs(makeBody: () => string): number {
  for (let i = 0; i < 200; i++) makeBody(); // warm the JIT first
  const t0 = performance.now();
  for (let i = 0; i < BODY_SAMPLES; i++) makeBody();
  return ((performance.now() - t0) * 1000) / BODY_SAMPLES;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const shape = REQUESTS[spec.kind ?? 'events'];
  const makeBody = () => shape.body(spec.eventsPerRequest, spec.writeKey);
  const bodyBuildUs = measureBodyBuildUs(makeBody);
  const headers = shape.headers(spec.writeKey);
  // Many projects: each request takes the next key, its headers and body built for that key.
  const keys = spec.writeKeys ?? [];
  let next = 0;
  const setupRequest = (request: RawRequest): RawRequest => {
    if (keys.length === 0) return { ...request, body: makeBody() };
    const key = keys[next++ % keys.length] as string;
    return { ...request, headers: shape.headers(key), body: shape.body(spec.eventsPerRequest, key) };
  };
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const startedAt = Date.now();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 30,
    requests: [{ method: 'POST', headers, setupRequest }],
  });
  const finishedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats)) statusCodes[code] = stat.count;
  return {
    startedAt,
    finishedAt,
    durationS: result.duration,
    accepted: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    clientCpuShare: (cpu.user + cpu.system) / 1000 / (performance.now() - wall0),
    bodyBuildUs,
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
run(spec).then(
  (result) => process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
