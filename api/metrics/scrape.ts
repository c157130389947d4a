import type { RedisClient } from '../../shared/queue/redisClient.js';
import type pg from 'pg';
import { Registry } from 'prom-client';
import type { Logger } from '../../shared/logger.js';
import { withTimeout } from '../../shared/resources.js';
import { readDatabaseFacts, type DatabaseFacts } from '../../shared/telemetry/databaseReads.js';
import { QueueDepths, QUEUE_STATES, type QueueDepth } from '../../shared/telemetry/queueDepths.js';
import { readRollupDurations, type DurationHistogram } from '../../shared/telemetry/rollupDurations.js';
import { readReplicaScrape, replicaGauges } from './replicaSource.js';
import { snapshotGauge, snapshotHistogram } from './snapshotMetrics.js';

export interface ScrapeDeps {
  redis: RedisClient;
  pool: pg.Pool;
  /** The standby of DATABASE_READ_URL; absent when unset, and then nothing about it is shown. */
  readPool?: pg.Pool | undefined;
  prefix: string;
  /** QUEUE_SHARDS: the ingest gauges sum the shards. Absent: one. */
  shards?: number;
  log: Logger;
}

/** Each source answers within this or counts as failed; Prometheus's default scrape timeout is 10 s. */
const SOURCE_TIMEOUT_MS = 3000;
/** Per query, enforced by PostgreSQL itself (`statement_timeout`). */
const STATEMENT_TIMEOUT_MS = 2000;

/** What a scrape reads outside the process; each one may fail alone. */
const SOURCES = ['queues', 'rollup_durations', 'rollups', 'dead_letters', 'retention', 'read_replica'] as const;
type Source = (typeof SOURCES)[number];

/**
 * The metrics read from Redis and PostgreSQL at scrape time, as a registry of their own built
 * for that scrape. A source that fails or is slow is left out and named in
 * `cuepoint_metrics_scrape_errors`; the rest is still served.
 */
export class ScrapeSources {
  private readonly depths: QueueDepths;
  /** The sources this instance has: `read_replica` only with a standby. */
  private readonly sources: readonly Source[];

  constructor(private readonly deps: ScrapeDeps) {
    this.depths = new QueueDepths(deps.redis, deps.prefix, deps.shards);
    this.sources = SOURCES.filter((s) => s !== 'read_replica' || deps.readPool !== undefined);
  }

  async read(): Promise<Registry> {
    const failed = new Set<Source>();
    const attempt = async <T>(sources: readonly Source[], read: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await withTimeout(read(), SOURCE_TIMEOUT_MS, `no answer within ${SOURCE_TIMEOUT_MS} ms`);
      } catch (err) {
        for (const s of sources) failed.add(s);
        this.deps.log.warn({ err, sources }, 'a metrics source could not be read');
        return undefined;
      }
    };
    const { readPool } = this.deps;
    const [queues, durations, facts, replica] = await Promise.all([
      attempt(['queues'], () => this.depths.read()),
      attempt(['rollup_durations'], () => readRollupDurations(this.deps.redis, this.deps.prefix)),
      attempt(['rollups', 'dead_letters', 'retention'], () => readDatabaseFacts(this.deps.pool, STATEMENT_TIMEOUT_MS)),
      // Two reads one after the other (primary, then standby): each gets under half the source's time,
      // so a slow standby is reported as down (`up` 0) rather than the whole source timing out.
      readPool && attempt(['read_replica'], () => readReplicaScrape(this.deps.pool, readPool, SOURCE_TIMEOUT_MS / 2 - 100)),
    ]);
    // Sources that answered in part: the failed part is left out and counted like a failed source.
    const partErrors: { source: Source; error: unknown }[] = [...(facts?.errors ?? [])];
    if (replica?.error !== undefined) partErrors.push({ source: 'read_replica', error: replica.error });
    for (const { source, error } of partErrors) {
      failed.add(source);
      this.deps.log.warn({ err: error, source }, 'a metrics source could not be read');
    }

    const registry = new Registry();
    if (queues) queueGauges(registry, queues);
    if (durations) rollupDurationHistogram(registry, durations);
    if (facts) databaseGauges(registry, facts);
    if (replica) replicaGauges(registry, replica);
    snapshotGauge(
      registry,
      'cuepoint_metrics_scrape_errors',
      'Whether the source could not be read for this scrape (1) or was read (0); its metrics are absent when 1, but for cuepoint_read_replica_up (then 0 when the standby did not answer)',
      this.sources.map((source) => ({ labels: { source }, value: failed.has(source) ? 1 : 0 })),
    );
    return registry;
  }

  close(): Promise<void> {
    return this.depths.close();
  }
}

function queueGauges(registry: Registry, depths: readonly QueueDepth[]): void {
  snapshotGauge(
    registry,
    'cuepoint_queue_jobs',
    'Jobs in each BullMQ queue by state (waiting, active, delayed, failed)',
    depths.flatMap((d) => QUEUE_STATES.map((state) => ({ labels: { queue: d.queue, state }, value: d.counts[state] }))),
  );
  snapshotGauge(
    registry,
    'cuepoint_queue_oldest_waiting_seconds',
    'Age of the oldest waiting job in each queue; 0 when none waits',
    depths.map((d) => ({ labels: { queue: d.queue }, value: d.oldestWaitingSeconds })),
  );
}

function rollupDurationHistogram(registry: Registry, histogram: DurationHistogram): void {
  snapshotHistogram(registry, 'cuepoint_rollup_duration_seconds', 'Time each completed rollup of a project-day took, across all worker processes', histogram);
}

function databaseGauges(registry: Registry, facts: DatabaseFacts): void {
  const { rollups, deadLetters, lastRetentionRun } = facts;
  if (rollups) {
    snapshotGauge(registry, 'cuepoint_rollup_dirty_days', 'Project-days whose figures wait for a rollup', [{ value: rollups.dirtyDays }]);
    snapshotGauge(registry, 'cuepoint_rollup_lag_seconds', 'Age of the oldest change not yet rolled up (the oldest dirty mark); 0 when nothing waits', [
      { value: rollups.lagSeconds },
    ]);
    snapshotGauge(registry, 'cuepoint_rollup_failing_days', 'Project-days whose rollup fails on their data and is backed off (rollup_failures)', [
      { value: rollups.failingDays },
    ]);
  }
  if (deadLetters !== undefined) {
    snapshotGauge(registry, 'cuepoint_dead_letters', 'Dead letters not yet replayed (counted up to 100000)', [{ value: deadLetters }]);
  }
  if (lastRetentionRun !== undefined) {
    snapshotGauge(registry, 'cuepoint_retention_last_run_timestamp_seconds', 'When the last retention run finished, Unix seconds; 0 when none is recorded', [
      { value: lastRetentionRun === null ? 0 : lastRetentionRun.getTime() / 1000 },
    ]);
  }
}
