import type pg from 'pg';
import type { Registry } from 'prom-client';
import { measureReplica, replaysPrimary } from '../../shared/telemetry/readReplica.js';
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

/** The standby's gauges from one measure (shared/telemetry/readReplica.ts); a primary that fails throws. */
export async function readReplicaScrape(primary: pg.Pool, standby: pg.Pool, timeoutMs: number): Promise<ReplicaScrape> {
  const m = await measureReplica(primary, standby, timeoutMs);
  if (!('standby' in m)) return { up: false, error: m.unreachable };
  return replaysPrimary(m.primary, m.standby) && m.standby.lagBytes !== undefined ? { up: true, lagBytes: m.standby.lagBytes } : { up: true };
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
