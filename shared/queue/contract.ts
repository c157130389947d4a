import type { BulkJobOptions } from 'bullmq';
import type { IngestEvent } from '../events/schema.js';

/**
 * What travels through Redis. The API validates everything that can reject an event
 * before enqueueing, so a job holds only events that will store. Rollup jobs: rollupJob.ts.
 */
export const INGEST_QUEUE = 'ingest';

/** What a job may know about the client that sent its events (MikroORM has its own `RequestContext`). */
export interface ClientContext {
  userAgent: string | null;
  /**
   * ISO 3166-1 alpha-2: from a trusted proxy header when configured, else looked up from the
   * client's address in the web process (which then forgets the address).
   */
  country: string | null;
  /** From the operator's city database, when configured; absent from older jobs. */
  region?: string | null;
  city?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  /** The primary language of the request's Accept-Language, lowercased; absent from older jobs. */
  language?: string | null;
  /** Already truncated (/24 or /48) when IP storage is enabled; the raw IP never enters a job. */
  ipPrefix: string | null;
}

export interface IngestJobData {
  v: 1;
  projectId: string;
  /** IANA zone; immutable per project, so safe to carry. */
  timezone: string;
  /** API clock at arrival, epoch ms; the worker never uses its own clock for event time. */
  receivedAt: number;
  /** Client clock at transmission, epoch ms. */
  sentAt: number | null;
  context: ClientContext;
  /**
   * Sent with the project's secret server key, so its events are stored with `from_server`.
   * Jobs of older APIs lack it: false.
   */
  fromServer?: boolean;
  /** Query parameters kept in stored URLs besides utm_*. */
  queryAllowlist: string[];
  events: IngestEvent[];
}

/**
 * The requests of one project enqueued in the same turn of the API's event loop, as one job:
 * BullMQ's per-job Redis work (add, activate, complete) is then paid once for all of them.
 * Each request keeps its own context; a dead letter holds one request (v1), so replays are
 * ordinary jobs.
 */
export interface IngestBundleData {
  v: 2;
  projectId: string;
  requests: IngestJobData[];
}

/** Anything the ingest queue carries: older APIs enqueue v1, current ones bundles. */
export type IngestQueueData = IngestJobData | IngestBundleData;

/**
 * A bundle holds at most this many requests and, past its first request, this many events:
 * the worker holds up to its concurrency in jobs, so a bundle must not hold much more than a
 * large request (a draining worker peaked at 540 MB with 1,000 events, 309 MB with 100 and
 * 272 MB with 60; 223 MB without bundles).
 */
export const MAX_BUNDLE_REQUESTS = 50;
export const MAX_BUNDLE_EVENTS = 60;

export const INGEST_JOB_NAME = 'events';

/**
 * Event jobs vanish once stored (the worker dedups by event id, so there is nothing to
 * look up later); failed ones stay for the dead-letter handler. Transient errors are the
 * worker's to retry without spending attempts; attempts cover the rest.
 */
export const INGEST_JOB_OPTIONS: BulkJobOptions = {
  removeOnComplete: true,
  removeOnFail: false,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};
