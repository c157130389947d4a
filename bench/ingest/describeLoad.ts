import { int, ms, pct } from '../report/table.js';
import type { LoadResult } from './loadSpec.js';

export const requestsPerS = (r: LoadResult) => r.accepted / r.durationS;

/** "5,123 req/s = 102,460 events/s; p50 8.1 / p99 21 ms; client CPU 60 %" plus anything that went wrong. */
export function describeLoad(r: LoadResult, eventsPerRequest: number): string {
  const rps = requestsPerS(r);
  const failures = Object.entries(r.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${int(n)} x ${code}`);
  if (r.errors > 0) failures.push(`${int(r.errors)} errors (${int(r.timeouts)} timeouts)`);
  return (
    `${int(rps)} req/s = ${int(rps * eventsPerRequest)} events/s; p50 ${ms(r.latencyP50Ms)} / p99 ${ms(r.latencyP99Ms)} ms; ` +
    `client CPU ${pct(r.clientCpuShare)} of a core` +
    (failures.length ? `; NOT 2xx: ${failures.join(', ')}` : '')
  );
}
