import type pg from 'pg';
import type { Registry } from 'prom-client';
import { withTimeout } from '../../shared/resources.js';
import { readPrimaryPosition, readStandbyState } from '../../shared/telemetry/readReplica.js';
import { snapshotGauge } from './snapshotMetrics.js';

/** The standby of DATABASE_READ_URL as one scrape saw it. */
export interface ReplicaScrape {
  /** Whether the standby answered within the timeout. */
  up: boolean;
  /** Undefined when it did not answer, or is not a standby of this primary (nothing to measure). */
  lagBytes?: number;
  /** Why the standby could not be read; the source then counts as failed. */
  error?: unknown;
}

/**
 * The primary's WAL position, then how much of it the standby has not replayed. A primary that
 * fails throws (nothing is known); a standby that fails is `up: false`, which is itself the news.
 * Each read is bounded by `timeoutMs`, connecting included.
 */
export async function readReplicaScrape(primary: pg.Pool, standby: pg.Pool, timeoutMs: number): Promise<ReplicaScrape> {
  const position = await readPrimaryPosition(primary, timeoutMs);
  try {
    const state = await withTimeout(readStandbyState(standby, position.lsn, timeoutMs), timeoutMs, `the standby gave no answer within ${timeoutMs} ms`);
    const replica = state.inRecovery && state.systemId === position.systemId;
    return replica && state.lagBytes !== undefined ? { up: true, lagBytes: state.lagBytes } : { up: true };
  } catch (error) {
    return { up: false, error };
  }
}

export function replicaGauges(registry: Registry, scrape: ReplicaScrape): void {
  snapshotGauge(registry, 'cuepoint_read_replica_up', 'Whether the standby of DATABASE_READ_URL answered this scrape (1) or not (0)', [{ value: scrape.up ? 1 : 0 }]);
  if (scrape.lagBytes !== undefined) {
    snapshotGauge(
      registry,
      'cuepoint_read_replica_lag_bytes',
      "Bytes of the primary's WAL the standby of DATABASE_READ_URL has not replayed yet; absent when it is not a standby of this primary (see `cuepoint doctor`)",
      [{ value: scrape.lagBytes }],
    );
  }
}
