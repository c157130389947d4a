import { METHODS } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Rejection } from '../../shared/events/validate.js';
import type { IngestSource, IngestTelemetry } from '../ingest/IngestTelemetry.js';
import { REJECTION_REASONS, rejectionReason } from './rejectionReasons.js';

/** Seconds; ingest answers in a few ms, stats reads may take seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SOURCES: readonly IngestSource[] = ['events', 'segment'];
const KNOWN_METHODS = new Set(METHODS);

/**
 * The counters the web process keeps in memory, one set per app: requests by route pattern,
 * events accepted and rejected, requests refused by a rate limit. Every label has a fixed set
 * of values (route patterns, status codes, methods Node's parser knows, reason codes).
 */
export class WebMetrics implements IngestTelemetry {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'cuepoint_http_requests_total',
    help: 'HTTP requests answered, by route pattern (never the URL), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'cuepoint_http_request_duration_seconds',
    help: 'Time from the request reaching the app to its answer being sent, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly acceptedEvents = new Counter({
    name: 'cuepoint_events_accepted_total',
    help: 'Events accepted by ingest (held in Redis before the answer), by route family',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  private readonly rejectedEvents = new Counter({
    name: 'cuepoint_events_rejected_total',
    help: 'Events rejected by ingest validation, by route family and reason',
    labelNames: ['source', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly limited = new Counter({
    name: 'cuepoint_rate_limited_requests_total',
    help: 'Ingest requests refused with 429, by the limit that refused them (key or ip)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Series exist from the start at 0, so rate() and alerts see the first event.
    for (const source of SOURCES) {
      this.acceptedEvents.inc({ source }, 0);
      for (const reason of REJECTION_REASONS) this.rejectedEvents.inc({ source, reason }, 0);
    }
    for (const limit of ['key', 'ip']) this.limited.inc({ limit }, 0);
  }

  /** One answered (or abandoned: status `aborted`) request. */
  request(route: string, method: string, status: string, seconds: number): void {
    const labels = { route, method: KNOWN_METHODS.has(method) ? method : 'OTHER', status };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  accepted(source: IngestSource, events: number): void {
    if (events > 0) this.acceptedEvents.inc({ source }, events);
  }

  rejected(source: IngestSource, rejections: readonly Pick<Rejection, 'field' | 'reason'>[]): void {
    for (const r of rejections) this.rejectedEvents.inc({ source, reason: rejectionReason(r) });
  }

  rateLimited(limit: 'key' | 'ip'): void {
    this.limited.inc({ limit });
  }
}
