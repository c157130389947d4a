/**
 * The one place that reads `process.env`. Everything else receives a `Config`.
 * Defaults are chosen so that a laptop with nothing configured just works.
 */
import { inputIssues } from './inputIssues.js';
import { EnvSchema, type Env } from './envSchema.js';
import type { DayCaps } from './rollup/dayCaps.js';
import type { RuleLimits } from './rules/limits.js';

export { EnvSchema, type Env };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  logLevel: string;
  database: {
    url: string | undefined;
    ssl: 'off' | 'require' | 'no-verify';
    poolMax: number;
    /** A standby the stats routes read from (shared/db/readPool.ts); undefined: the primary. */
    readUrl?: string | undefined;
  };
  redis: { url: string | undefined; tlsRejectUnauthorized: boolean; prefix: string; startTimeoutMs: number };
  local: { dataDir: string; pgPort: number; redisPort: number };
  http: {
    keepAliveTimeoutMs: number;
    trustProxyHops: number;
    geoCountryHeader: string | undefined;
    ipStorage: 'none' | 'truncate';
  };
  /** Where the web process looks places up (api/geo/); undefined: the default for each. */
  geo: { countryDb: string | undefined; cityDb: string | undefined };
  ingest: {
    maxBodyBytes: number;
    maxEventBytes: number;
    maxEventsPerRequest: number;
    maxEventAgeMs: number;
    backlogMaxJobs: number;
    backlogPollMs: number;
    configReloadMs: number;
  };
  rateLimit: {
    /** Requests per 1-second window per write key; 0 disables. */
    perKey: number;
    /** Requests per 1-second window per client IP; 0 disables. */
    perIp: number;
    secret: string | undefined;
  };
  worker: {
    concurrency: number;
    batchMaxEvents: number;
    flushMs: number;
    lockMs: number;
    stalledIntervalMs: number;
    maxStalled: number;
    retryBackoffMaxMs: number;
  };
  rollup: {
    concurrency: number;
    /** Backoff of a project-day after a failure that is not transient: base, doubling, capped. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** Distinct keys a project-day keeps apart before folding the rest into `(other)`. */
    caps: DayCaps;
  };
  rules: RuleLimits;
  shutdownTimeoutMs: number;
  retention: { deadLetterDays: number };
  journeys: { lookbackMs: number; freezeMaxWaitMs: number };
  tracker: { path: string };
  /** Live figures kept in Redis by the worker (shared/realtime/keys.ts). */
  realtime: { maxMembersPerMinute: number; redisMemoryShare: number };
  accounts: {
    sessionIdleMs: number;
    sessionMaxMs: number;
    /** Sign-in attempts per LOGIN_WINDOW_MS (api/auth/loginLimiter.ts). */
    loginMaxPerAccount: number;
    loginMaxPerIp: number;
  };
  /** Operations: `GET /metrics` answers only with this bearer token; undefined: 404. */
  metrics: { token: string | undefined };
  // --- Scale ---
  scale: { redisCluster: boolean; queueShards: number };
}

export class ConfigError extends Error {}

/** Reads and validates the environment; `overrides` lets tests and tools adjust single values. */
export function loadConfig(overrides: Partial<Record<keyof Env, string>> = {}): Config {
  const source: Record<string, string | undefined> = { ...process.env, ...overrides };
  for (const key of Object.keys(source)) if (source[key] === '') source[key] = undefined;
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = inputIssues(parsed.error, source).map((i) => `${i.field}: ${i.reason}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, ssl: e.DATABASE_SSL, poolMax: e.DATABASE_POOL_MAX, readUrl: e.DATABASE_READ_URL },
    redis: { url: e.REDIS_URL, tlsRejectUnauthorized: e.REDIS_TLS_REJECT_UNAUTHORIZED, prefix: e.QUEUE_PREFIX, startTimeoutMs: e.REDIS_START_TIMEOUT_MS },
    local: { dataDir: e.LOCAL_DATA_DIR, pgPort: e.LOCAL_PG_PORT, redisPort: e.LOCAL_REDIS_PORT },
    http: { keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS, trustProxyHops: e.TRUST_PROXY_HOPS, geoCountryHeader: e.GEO_COUNTRY_HEADER, ipStorage: e.IP_STORAGE },
    geo: { countryDb: e.GEOIP_COUNTRY_DB, cityDb: e.GEOIP_CITY_DB },
    ingest: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxEventBytes: e.MAX_EVENT_BYTES,
      maxEventsPerRequest: e.MAX_EVENTS_PER_REQUEST,
      maxEventAgeMs: e.MAX_EVENT_AGE_DAYS * 86_400_000,
      backlogMaxJobs: e.BACKLOG_MAX_JOBS,
      backlogPollMs: e.BACKLOG_POLL_MS,
      configReloadMs: e.CONFIG_RELOAD_MS,
    },
    rateLimit: { perKey: e.RATE_LIMIT_PER_KEY, perIp: e.RATE_LIMIT_PER_IP, secret: e.RATE_LIMIT_SECRET },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      batchMaxEvents: e.WORKER_BATCH_MAX_EVENTS,
      flushMs: e.WORKER_FLUSH_MS,
      lockMs: e.WORKER_LOCK_MS,
      stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
      maxStalled: e.WORKER_MAX_STALLED,
      retryBackoffMaxMs: e.RETRY_BACKOFF_MAX_MS,
    },
    rollup: {
      concurrency: e.ROLLUP_CONCURRENCY,
      retryBaseMs: e.ROLLUP_RETRY_BASE_MS,
      retryMaxMs: e.ROLLUP_RETRY_MAX_MS,
      caps: { videos: e.ROLLUP_MAX_VIDEOS_PER_DAY, slots: e.ROLLUP_MAX_SLOTS_PER_DAY, pages: e.ROLLUP_MAX_PAGES_PER_DAY, breakdownValues: e.ROLLUP_MAX_BREAKDOWN_VALUES_PER_DAY },
    },
    rules: { perProject: e.MAX_RULES_PER_PROJECT, patternChars: e.MAX_RULE_PATTERN_CHARS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    retention: { deadLetterDays: e.DEAD_LETTER_RETENTION_DAYS },
    journeys: { lookbackMs: e.JOURNEY_LOOKBACK_HOURS * 3_600_000, freezeMaxWaitMs: e.JOURNEY_FREEZE_MAX_WAIT_MS },
    tracker: { path: e.TRACKER_PATH },
    realtime: { maxMembersPerMinute: e.REALTIME_MAX_MEMBERS_PER_MINUTE, redisMemoryShare: e.REALTIME_REDIS_MEMORY_SHARE },
    accounts: {
      sessionIdleMs: e.SESSION_IDLE_HOURS * 3_600_000,
      sessionMaxMs: e.SESSION_MAX_DAYS * 86_400_000,
      loginMaxPerAccount: e.LOGIN_MAX_PER_ACCOUNT,
      loginMaxPerIp: e.LOGIN_MAX_PER_IP,
    },
    metrics: { token: e.METRICS_TOKEN },
    // --- Scale ---
    scale: { redisCluster: e.REDIS_CLUSTER, queueShards: e.QUEUE_SHARDS },
  };
}
