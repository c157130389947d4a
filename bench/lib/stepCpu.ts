import os from 'node:os';
import type pg from 'pg';
import { BackendCpu } from './backendCpu.js';
import { cpuMsIfAlive } from './cpuTime.js';

/** The processes one step loads: their pids, and the application_names their PostgreSQL connections carry. */
export interface Measured {
  webPids: readonly number[];
  workerPids: readonly number[];
  applicationNames: readonly string[];
}

/** CPU one step cost each side, in ms of user + system time. */
export interface StepCpu {
  webMs: number;
  workerMs: number;
  postgresMs: number;
  /** Backends that used CPU during the step. */
  backends: number;
  /** One-minute load average when the step ended. */
  loadAvg: number;
}

/** Sums a set of processes' CPU between start and stop; a process that exits meanwhile counts up to its last reading. */
function processCpu(pids: readonly number[]): () => number {
  const base = new Map(pids.map((pid) => [pid, cpuMsIfAlive(pid) ?? 0]));
  return () => pids.reduce((sum, pid) => sum + ((cpuMsIfAlive(pid) ?? base.get(pid) ?? 0) - (base.get(pid) ?? 0)), 0);
}

/** Starts measuring; the returned function ends the measure. */
export async function measureStepCpu(pool: pg.Pool, m: Measured): Promise<() => Promise<StepCpu>> {
  const backends = await new BackendCpu(pool, m.applicationNames).start();
  const web = processCpu(m.webPids);
  const worker = processCpu(m.workerPids);
  return async () => {
    const webMs = web();
    const workerMs = worker();
    const pg = await backends.stop();
    return { webMs, workerMs, postgresMs: pg.ms, backends: pg.backends, loadAvg: os.loadavg()[0] ?? 0 };
  };
}

/** µs per event, or undefined when there were no events to divide by. */
export function usPer(ms: number, events: number): number | undefined {
  return events > 0 ? (ms * 1000) / events : undefined;
}
