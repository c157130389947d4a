import { Gauge, type Metric, type Registry } from 'prom-client';
import type { DurationHistogram } from '../../shared/telemetry/rollupDurations.js';

type Labels = Record<string, string>;

/**
 * A gauge read at scrape time, registered in that scrape's own registry: a value that could not
 * be read is absent from the answer instead of a stale or zero value that looks true.
 */
export function snapshotGauge(registry: Registry, name: string, help: string, samples: readonly { labels?: Labels; value: number }[]): void {
  const labelNames = Object.keys(samples[0]?.labels ?? {});
  const gauge = new Gauge({ name, help, labelNames, registers: [registry] });
  for (const s of samples) gauge.set(s.labels ?? {}, s.value);
}

/**
 * A histogram whose buckets were counted elsewhere (by the workers, in Redis). prom-client's
 * Histogram only learns values one observation at a time, so this hands its registry a metric
 * of the same shape instead; the registry formats it like any of its own.
 */
export function snapshotHistogram(registry: Registry, name: string, help: string, histogram: DurationHistogram): void {
  const values = [
    ...histogram.buckets.map((b) => ({ metricName: `${name}_bucket`, labels: { le: b.le }, value: b.count })),
    { metricName: `${name}_sum`, labels: {}, value: histogram.sumSeconds },
    { metricName: `${name}_count`, labels: {}, value: histogram.count },
  ];
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: () => Promise.resolve({ name, help, type: 'histogram', aggregator: 'sum', values }),
  };
  registry.registerMetric(metric as unknown as Metric);
}
