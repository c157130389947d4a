/** How big a run is: the CI version and the full drill differ only in these numbers. */
export interface FaultSize {
  /** Events streamed per scenario. */
  events: number;
  eventsPerRequest: number;
  /** A stream takes at least this long (paced), so faults land in the middle of it. */
  streamSeconds: number;
  /** Concurrent requests of the client. */
  concurrency: number;
  /** Waiting-job bound of the overload drill (BACKLOG_MAX_JOBS). */
  backlogMaxJobs: number;
  /** How long the overload drill keeps pushing against the bound before a worker starts. */
  overloadHoldMs: number;
}

export const CI_SIZE: FaultSize = { events: 6000, eventsPerRequest: 20, streamSeconds: 6, concurrency: 8, backlogMaxJobs: 100, overloadHoldMs: 4000 };

/** `npm run test:faults`: at least 200,000 events per scenario (CUEPOINT_FAULT_EVENTS overrides). */
export function fullSize(env: NodeJS.ProcessEnv = process.env): FaultSize {
  const events = Number(env.CUEPOINT_FAULT_EVENTS ?? 200_000);
  if (!Number.isInteger(events) || events < 1) throw new Error(`CUEPOINT_FAULT_EVENTS must be a positive integer: ${env.CUEPOINT_FAULT_EVENTS}`);
  const eventsPerRequest = 50;
  // A quarter of the stream's requests fit under the bound, so the drill always reaches it.
  const backlogMaxJobs = Math.max(10, Math.round(events / eventsPerRequest / 4));
  return { events, eventsPerRequest, streamSeconds: 15, concurrency: 16, backlogMaxJobs, overloadHoldMs: 15_000 };
}
