import type pg from 'pg';
import { runLoad } from '../ingest/runLoad.js';
import type { LoadResult, LoadSpec } from '../ingest/loadSpec.js';
import { storedEvents } from '../lib/database.js';
import type { QueueDepthProbe } from '../lib/redisProbe.js';
import { DepthRecorder, waitUntilStored, type StoredAt } from './queueWatch.js';

export interface EndToEndResult {
  load: LoadResult;
  /** Events the API accepted (202), all of which must end up stored. */
  events: number;
  /** From the first request to the last row committed. */
  seconds: number;
  eventsPerS: number;
  stored: StoredAt;
  peakDepth: number;
  /** From the load's end until the queue was empty and every row committed. */
  drainAfterLoadS: number;
  timeline: string;
}

/** Load against web processes while worker processes consume, until every accepted event is committed. */
export async function measureEndToEnd(pool: pg.Pool, probe: QueueDepthProbe, spec: LoadSpec, drainTimeoutMs: number): Promise<EndToEndResult> {
  const before = await storedEvents(pool);
  const recorder = new DepthRecorder(probe).start();
  const load = await runLoad(spec);
  const events = load.accepted * spec.eventsPerRequest;
  const stored = await waitUntilStored(pool, probe, before + events, drainTimeoutMs);
  recorder.stop();
  const seconds = (stored.at - load.startedAt) / 1000;
  return {
    load,
    events,
    seconds,
    eventsPerS: events / seconds,
    stored,
    peakDepth: recorder.peak(),
    drainAfterLoadS: (stored.at - load.finishedAt) / 1000,
    timeline: recorder.timeline(Math.max(1, Math.round(seconds / 12))),
  };
}

export interface DrainResult {
  events: number;
  seconds: number;
  eventsPerS: number;
  stored: StoredAt;
  timeline: string;
}

/**
 * A backlog left by an ingest-only load, consumed by workers started at `startedAt`;
 * `rowsBefore` is the count before that load, `expected` the count once it is all stored.
 */
export async function measureDrain(
  pool: pg.Pool,
  probe: QueueDepthProbe,
  rows: { before: number; expected: number },
  startedAt: number,
  timeoutMs: number,
): Promise<DrainResult> {
  const recorder = new DepthRecorder(probe).start();
  const stored = await waitUntilStored(pool, probe, rows.expected, timeoutMs);
  recorder.stop();
  const seconds = (stored.at - startedAt) / 1000;
  const events = rows.expected - rows.before;
  return { events, seconds, eventsPerS: events / seconds, stored, timeline: recorder.timeline(Math.max(1, Math.round(seconds / 12))) };
}
