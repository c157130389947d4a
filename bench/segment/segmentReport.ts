import type { LoadResult } from '../ingest/loadSpec.js';
import type { RequestKind } from '../ingest/requestKinds.js';
import { int, ms } from '../report/table.js';
import type { ProfileSummary } from './cpuProfile.js';
import type { Scenario } from './scenarios.js';

/** One load of one round. */
export interface Sample {
  scenario: Scenario;
  round: number;
  load: LoadResult;
  /** Events accepted (ingest) or accepted and committed (end to end). */
  events: number;
  eventsPerS: number;
  /** CPU the web process used during the load (end to end: until the last row was committed). */
  webCpuMs: number;
  /** End to end only: CPU the worker process used. */
  workerCpuMs?: number;
  /** One-minute load average when the load ended. */
  loadAvg: number;
  /** End to end only: every accepted event committed, no failed job. */
  stored?: boolean;
  seconds?: number;
}

export interface SegmentFigures {
  rounds: number;
  durationS: number;
  connections: number;
  ingest: Sample[];
  endToEnd: Sample[];
  profiles: Partial<Record<RequestKind, ProfileSummary & { events: number }>> | undefined;
  messageBytes: Partial<Record<RequestKind, number>>;
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** "1,234 (1,200 · 1,234 · 1,300)": the median, then each round's figure in round order. */
function medianOf(xs: readonly number[], format: (n: number) => string): string {
  return xs.length > 1 ? `${format(median(xs))} (${xs.map(format).join(' · ')})` : format(xs[0] ?? NaN);
}

const ratio = (n: number) => `${n.toFixed(2)}×`;
const us = (n: number) => (n < 100 ? n.toFixed(1) : int(n));

/** Each round's Segment figure over its twin's in the same round. */
function perRoundRatios(samples: readonly Sample[], scenario: Scenario, value: (s: Sample) => number): number[] {
  const of = (kind: RequestKind | undefined, round: number) => samples.find((s) => s.scenario.kind === kind && s.round === round);
  return samples
    .filter((s) => s.scenario.kind === scenario.kind)
    .map((s) => {
      const twin = of(scenario.twin, s.round);
      return twin === undefined ? NaN : value(s) / value(twin);
    });
}

function failures(samples: readonly Sample[]): string {
  const notes: string[] = [];
  for (const s of samples) {
    const bad = Object.entries(s.load.statusCodes).filter(([code]) => !code.startsWith('2'));
    if (bad.length || s.load.errors) notes.push(`round ${s.round + 1}: ${bad.map(([c, n]) => `${int(n)} x ${c}`).join(', ')}${s.load.errors ? ` ${int(s.load.errors)} errors` : ''}`);
    if (s.stored === false) notes.push(`round ${s.round + 1}: NOT every accepted event stored`);
  }
  return notes.length ? ` **${notes.join('; ')}**` : '';
}

function rows(samples: readonly Sample[], scenarios: readonly Scenario[], endToEnd: boolean): string[] {
  const out: string[] = [];
  for (const scenario of scenarios) {
    const mine = samples.filter((s) => s.scenario.kind === scenario.kind).sort((a, b) => a.round - b.round);
    if (mine.length === 0) continue;
    const cells = [
      `${scenario.label}${failures(mine)}`,
      medianOf(mine.map((s) => s.eventsPerS), int),
      scenario.twin === undefined ? '1 (the twin)' : medianOf(perRoundRatios(samples, scenario, (s) => s.eventsPerS), ratio),
      `${ms(median(mine.map((s) => s.load.latencyP50Ms)))} / ${ms(median(mine.map((s) => s.load.latencyP99Ms)))}`,
      medianOf(mine.map((s) => (s.webCpuMs * 1000) / s.events), us),
      endToEnd ? medianOf(mine.map((s) => ((s.workerCpuMs ?? NaN) * 1000) / s.events), us) : 'no worker',
      mine.map((s) => s.loadAvg.toFixed(1)).join(' · '),
    ];
    out.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return out;
}

const HEADER = [
  '| Load | Events/s, median (each round) | Segment ÷ `/v1/events` of the same round, median (each round) | p50 / p99 ms, medians | Web CPU µs per accepted event | Worker CPU µs per stored event | Load average (1 min) at each load’s end |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];

/** The Segment section of RESULTS.md: how it was measured, the figures, and where the web process's time went. */
export function segmentSection(f: SegmentFigures): string {
  const sizes = Object.entries(f.messageBytes)
    .map(([kind, bytes]) => `${kind} ${int(bytes)} B`)
    .join(', ');
  const lines = [
    '## Segment routes against `/v1/events`',
    '',
    `${f.rounds} interleaved round(s): each round runs every load once, in an order rotated by one each round; ${f.durationS} s per load, ` +
      `${f.connections} connections, 1 web process. Each Segment load is held against its \`/v1/events\` twin, which sends the same events ` +
      '(a page call as a page view, a track call as the custom event of its name with its properties), so the ratio of the same round is ' +
      'the route’s cost, whatever else the machine was doing. CPU is the process’s own user + system time from /proc over the load (end to ' +
      'end: until the last row was committed), divided by the events. Mean bytes per message or event as sent: ' +
      `${sizes}. Half the batches name \`context.sessionId\`; the other half, and every \`/v1/t\` call, are placed by the Redis session split.`,
    '',
    '**Ingest** (1 web, no worker; the queue is emptied before each load, so every load starts from the same state):',
    '',
    ...HEADER,
    ...rows(f.ingest, [...new Map(f.ingest.map((s) => [s.scenario.kind, s.scenario])).values()], false),
    '',
    '**End to end** (1 web + 1 worker, first request to last row committed):',
    '',
    ...HEADER,
    ...rows(f.endToEnd, [...new Map(f.endToEnd.map((s) => [s.scenario.kind, s.scenario])).values()], true),
    '',
  ];
  if (f.profiles) lines.push(...profileLines(f.profiles));
  return lines.join('\n');
}

const TOP_AREAS = 14;
const TOP_FUNCTIONS = 15;

/** The web process's CPU by area, µs per accepted event, for the batch and its twin side by side. */
function profileLines(profiles: NonNullable<SegmentFigures['profiles']>): string[] {
  const batch = profiles['segment-batch'];
  const twin = profiles['events-twin'];
  if (!batch || !twin || batch.events === 0 || twin.events === 0) return ['CPU profile: not taken.', ''];
  const perEvent = (p: typeof batch, msTotal: number | undefined) => ((msTotal ?? 0) * 1000) / p.events;
  const areas = [...new Set([...batch.areas.keys(), ...twin.areas.keys()])]
    .map((area) => ({ area, batch: perEvent(batch, batch.areas.get(area)), twin: perEvent(twin, twin.areas.get(area)) }))
    .sort((a, b) => b.batch - b.twin - (a.batch - a.twin));
  const top = [...batch.functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_FUNCTIONS);
  return [
    '**Where the web process’s time goes** (`node --cpu-prof`, one web process per load, one load of each; the samples from the load’s ' +
      'start to the process’s exit; µs of CPU per accepted event):',
    '',
    `| Area | \`/v1/batch\` | \`/v1/events\` twin | difference |`,
    '| --- | --- | --- | --- |',
    `| all (busy) | ${us(perEvent(batch, batch.busyMs))} | ${us(perEvent(twin, twin.busyMs))} | ${us(perEvent(batch, batch.busyMs) - perEvent(twin, twin.busyMs))} |`,
    ...areas.slice(0, TOP_AREAS).map((a) => `| ${a.area} | ${us(a.batch)} | ${us(a.twin)} | ${us(a.batch - a.twin)} |`),
    '',
    `Functions with the most self time under \`/v1/batch\` (${int(batch.events)} events accepted while profiled):`,
    '',
    '| Function (file:line) | self ms | µs per event | share of busy |',
    '| --- | --- | --- | --- |',
    ...top.map(([name, msSelf]) => `| ${name.replace(/\|/g, '\\|')} | ${int(msSelf)} | ${us((msSelf * 1000) / batch.events)} | ${((msSelf / batch.busyMs) * 100).toFixed(1)} % |`),
    '',
  ];
}
