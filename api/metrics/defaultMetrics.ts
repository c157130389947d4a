import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * prom-client's process collectors (CPU, memory, heap, event-loop lag, GC), once per process:
 * they watch the process, not an app, and each set starts its own event-loop sampler and GC
 * observer, so a process that builds several apps (tests, `cuepoint start`) shares one.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'cuepoint_', labels: { role: 'web' } });
  }
  return processRegistry;
}
