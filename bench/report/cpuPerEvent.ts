import { usPer, type StepCpu } from '../lib/stepCpu.js';

/** One step's CPU per event: web per accepted event, worker and PostgreSQL per stored event. */
export interface CpuPerEvent {
  webUs: number | undefined;
  /** Undefined when no worker ran during the step. */
  workerUs: number | undefined;
  postgresUs: number | undefined;
  backends: number;
  loadAvg: number;
}

/**
 * `accepted`: events the web processes answered 202 for during the step; `stored`: events the
 * workers committed during it (the same events end to end). PostgreSQL's CPU is divided by the
 * stored events when a worker ran, else by the accepted ones (then it is the web's lookups only).
 */
export function cpuPerEvent(cpu: StepCpu, accepted: number, stored: number | undefined): CpuPerEvent {
  return {
    webUs: accepted > 0 ? usPer(cpu.webMs, accepted) : undefined,
    workerUs: stored === undefined ? undefined : usPer(cpu.workerMs, stored),
    postgresUs: usPer(cpu.postgresMs, stored ?? accepted),
    backends: cpu.backends,
    loadAvg: cpu.loadAvg,
  };
}

export const us = (n: number | undefined) => (n === undefined ? 'n/a' : n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US'));

/** The table's CPU cell: "web 212 µs/accepted · worker 480 µs/stored · PostgreSQL 390 µs/stored (4 backends); load 3.1". */
export function cpuCell(p: CpuPerEvent): string {
  const parts: string[] = [];
  if (p.webUs !== undefined) parts.push(`web ${us(p.webUs)} µs/accepted`);
  if (p.workerUs !== undefined) parts.push(`worker ${us(p.workerUs)} µs/stored`);
  const per = p.workerUs === undefined ? 'accepted' : 'stored';
  parts.push(`PostgreSQL ${us(p.postgresUs)} µs/${per} (${p.backends} backend${p.backends === 1 ? '' : 's'})`);
  return `${parts.join(' · ')}; load ${p.loadAvg.toFixed(1)}`;
}
