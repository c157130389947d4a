import { HttpError } from '../http/errors.js';

/**
 * Funnel answers are computed from raw events on every request, and over a large project's 90 days
 * one takes seconds of a database connection. A web process computes at most this many at once,
 * and at most one per project, so one project's dashboards cannot take the connections every other
 * project's stats need. Another request gets 429 with Retry-After and can simply ask again.
 */
export const MAX_FUNNELS_IN_FLIGHT = 2;
export const FUNNEL_RETRY_AFTER_SECONDS = 10;

export class FunnelGate {
  private readonly busy = new Set<string>();

  constructor(private readonly max = MAX_FUNNELS_IN_FLIGHT) {}

  /** Runs `work` if the project has no funnel under way and a slot is free; otherwise refuses. */
  async run<T>(projectId: string, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(projectId)) throw busy('a funnel of this project is being computed; ask again when it is done');
    if (this.busy.size >= this.max) throw busy(`${this.max} funnels are being computed; ask again shortly`);
    this.busy.add(projectId);
    try {
      return await work();
    } finally {
      this.busy.delete(projectId);
    }
  }
}

function busy(message: string): HttpError {
  return new HttpError(429, 'funnel_busy', message, { headers: { 'Retry-After': String(FUNNEL_RETRY_AFTER_SECONDS) } });
}
