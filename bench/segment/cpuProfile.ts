import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a process spent its CPU, from the .cpuprofile `node --cpu-prof` writes at exit: the
 * self time of each function, and the same summed per area (the project's directories, each
 * npm package, Node's internals, the collector), so two loads can be compared area by area.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds, on a clock of the profile's own. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Busy milliseconds sampled (idle left out). */
  busyMs: number;
  /** Self ms per function, "name (file:line)". */
  functions: Map<string, number>;
  /** Self ms per area. */
  areas: Map<string, number>;
}

/**
 * The profile in `dir`, counting only its last `lastMs` (the load and the shutdown, not the
 * start-up's module loading and compilation, which a long-running server pays once).
 */
export function readProfile(dir: string, lastMs: number): ProfileSummary {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}: did the process exit normally?`);
  return summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, lastMs);
}

export function summarize(profile: CpuProfile, lastMs: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const from = profile.endTime - lastMs * 1000;
  // Sample i is taken at startTime plus the deltas up to it; its time is the delta to the next one.
  const deltas = profile.timeDeltas;
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += deltas[i] ?? 0;
    if (t >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  });
  const summary: ProfileSummary = { busyMs: 0, functions: new Map(), areas: new Map() };
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') continue;
    const ms = us / 1000;
    summary.busyMs += ms;
    add(summary.functions, `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''})`, ms);
    add(summary.areas, areaOf(frame.url, frame.functionName), ms);
  }
  return summary;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/** `file:///…/node_modules/zod/v4/core/schemas.js` → `zod/v4/core/schemas.js`; the project's files from its root. */
function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) return url.slice(modules + '/node_modules/'.length);
  const project = /\/(api|shared|worker|bench|dist)\/(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url.replace(/^file:\/\//, '');
}

function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'Node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name ?? ''}` : (scope ?? url);
  }
  // dist/api/segment/x.js and api/segment/x.ts are the same area.
  const project = /\/(?:dist\/)?((?:api|shared|worker)\/[^/]+)\//.exec(url);
  return project?.[1] ?? shortUrl(url);
}
