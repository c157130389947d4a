import type { DeploymentFigures } from '../e2e/deployment.js';
import { BATCH_SIZES, perRequest, type BatchSize } from '../lib/context.js';
import { us } from './cpuPerEvent.js';
import { int } from './table.js';

/** The loads the sizing section plans for, in events/s. */
const PLANNED_LOADS = [1_000, 5_000, 20_000] as const;
/** Plan dynos to be at most this busy on average, so bursts and rollups have room. */
export const PLANNED_BUSY = 0.7;

interface SizeFigures {
  size: BatchSize;
  webUs: number;
  workerUs: number;
  postgresUs: number;
}

/** Events/s one core sustains at `usPerEvent` µs of CPU each. */
const perCore = (usPerEvent: number) => 1e6 / usPerEvent;
const dynos = (load: number, usPerEvent: number) => Math.max(1, Math.ceil((load * usPerEvent) / 1e6 / PLANNED_BUSY));
const cores = (load: number, usPerEvent: number) => (load * usPerEvent) / 1e6;

/**
 * Turns the run's own CPU per event (1 web + 1 worker, end to end) into capacity: web µs per
 * accepted event, worker and PostgreSQL µs per stored event. The end-to-end steps come after the
 * ingest ones, so the web process is past its start-up and JIT warm-up, as a long-running dyno
 * is (its first load, the 1 event/request ingest step, carries that one-off cost).
 * Undefined when a figure is missing (a smoke run with too few events).
 */
function figures(one: DeploymentFigures): SizeFigures[] | undefined {
  const out: SizeFigures[] = [];
  for (const size of BATCH_SIZES) {
    const webUs = one.cpu.endToEnd[size].webUs;
    const workerUs = one.cpu.endToEnd[size].workerUs;
    const postgresUs = one.cpu.endToEnd[size].postgresUs;
    if (webUs === undefined || workerUs === undefined || postgresUs === undefined) return undefined;
    out.push({ size, webUs, workerUs, postgresUs });
  }
  return out;
}

/** The "Sizing" section at the end of RESULTS.md. */
export function sizingSection(one: DeploymentFigures, command: string, machine: string): string {
  const rows = figures(one);
  if (rows === undefined) return '## Sizing\n\nNot computed: a load step accepted or stored no events.\n';
  const loadAvgs = BATCH_SIZES.map((size) => one.cpu.endToEnd[size].loadAvg);
  return [
    '## Sizing',
    '',
    `From this run's own CPU time per event (user + system from /proc; \`${command}\`; ${machine}; load average ` +
      `${Math.min(...loadAvgs).toFixed(1)}–${Math.max(...loadAvgs).toFixed(1)} during the steps used). CPU per event holds better than events/s ` +
      'when other work shares the cores, so it is what capacity is planned from: one dyno of one core handles 1,000,000 ÷ µs per event ' +
      `events/s when fully busy; the plan below keeps every dyno at most ${Math.round(PLANNED_BUSY * 100)} % busy. All figures come from ` +
      'the end-to-end steps (1 web + 1 worker, the web process already warm): web per accepted event, worker and PostgreSQL per stored event; PostgreSQL ' +
      'counts only the backends serving this run’s web and worker (the WAL writer, checkpointer and autovacuum are shared by the server ' +
      'and left out); Redis is not counted.',
    '',
    '| Requests carry | Web µs / accepted event | One web dyno accepts | Worker µs / stored event | One worker dyno stores | PostgreSQL µs / stored event | PostgreSQL cores per 10k events/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${perRequest(r.size)} | ${us(r.webUs)} | ${int(perCore(r.webUs))} events/s | ${us(r.workerUs)} | ${int(perCore(r.workerUs))} events/s | ` +
        `${us(r.postgresUs)} | ${cores(10_000, r.postgresUs).toFixed(2)} |`,
    ),
    '',
    `Dynos for a steady load (each at most ${Math.round(PLANNED_BUSY * 100)} % busy; PostgreSQL in cores busy on average, before WAL and checkpoints):`,
    '',
    `| Load | ${rows.map((r) => perRequest(r.size)).join(' | ')} |`,
    `| --- | ${rows.map(() => '---').join(' | ')} |`,
    ...PLANNED_LOADS.map(
      (load) =>
        `| ${int(load)} events/s | ${rows
          .map((r) => `${dynos(load, r.webUs)} web + ${dynos(load, r.workerUs)} worker; PostgreSQL ${cores(load, r.postgresUs).toFixed(2)} cores`)
          .join(' | ')} |`,
    ),
    '',
  ].join('\n');
}
