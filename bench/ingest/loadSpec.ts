import type { RequestKind } from './requestKinds.js';

/** What the orchestrator asks of one load-client process, and what it gets back (one JSON line each way). */
export interface LoadSpec {
  url: string;
  /** Headers and bodies to send (requestKinds.ts); the ingest bench's own mix when absent. */
  kind?: RequestKind;
  connections: number;
  durationS: number;
  eventsPerRequest: number;
  /** Sent as X-Cuepoint-Key (or as the request kind sends it); the ceilings ignore it. */
  writeKey: string;
  /** When given, requests take these keys in turn (writeKey is then unused): one load spread over many projects. */
  writeKeys?: string[];
}

export interface LoadResult {
  /** Epoch ms just before the first request left, and when the last answer arrived. */
  startedAt: number;
  finishedAt: number;
  durationS: number;
  accepted: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** CPU the client process used during the run, as a share of one core (1 = a full core). */
  clientCpuShare: number;
  /** Cost of building one body, measured before the run; shows whether the client can keep up. */
  bodyBuildUs: number;
}

export const RESULT_PREFIX = 'LOAD_RESULT ';
