import { z } from 'zod';
import { DEFAULT_DAY_CAPS } from './rollup/dayCaps.js';
import { DEFAULT_RULE_LIMITS } from './rules/limits.js';

/**
 * Every environment variable Cuepoint reads, with its default and its bounds. Only
 * `shared/config.ts` parses the environment with it; it stands apart so that checks of
 * deployment manifests (app.json) can list the variables, and the config module stays short.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Unset: use the local server on 5432 if one answers, else an embedded PostgreSQL. */
  DATABASE_URL: z.url().optional(),
  /** `no-verify` accepts self-signed certificates (Heroku Postgres). */
  DATABASE_SSL: z.enum(['off', 'require', 'no-verify']).default('off'),
  /**
   * Most PostgreSQL connections one role process holds, split between its pools
   * (shared/db/poolBudget.ts); at least ROLLUP_CONCURRENCY + 2 for the worker.
   */
  DATABASE_POOL_MAX: int(10, 2),
  /** Unset: use the local server on 6379 if one answers, else start `redis-server`. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  REDIS_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  /** How long a process waits for Redis at start-up before it gives up (and the platform restarts it). */
  REDIS_START_TIMEOUT_MS: int(10_000, 100),
  /** Key prefix for every queue; tests give each run its own. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('cuepoint'),
  /** Where the zero-setup local run keeps its embedded PostgreSQL and Redis data. */
  LOCAL_DATA_DIR: z.string().default('.cuepoint'),
  LOCAL_PG_PORT: int(54329, 1),
  LOCAL_REDIS_PORT: int(63799, 1),

  /**
   * How long the web process keeps an idle keep-alive connection: above the idle timeout of
   * load balancers in front of it (60 s on AWS ALB), so that they, not we, close idle sockets.
   */
  KEEP_ALIVE_TIMEOUT_MS: int(65_000, 1000),
  /** Number of proxy hops in front of the web process (1 on Heroku); never `true`. */
  TRUST_PROXY_HOPS: int(0, 0),
  /** Request header carrying an ISO country code set by a trusted proxy, e.g. `cf-ipcountry`. */
  GEO_COUNTRY_HEADER: z.string().toLowerCase().optional(),
  /** `none` keeps no IP at all; `truncate` keeps /24 (IPv4) or /48 (IPv6). */
  IP_STORAGE: z.enum(['none', 'truncate']).default('none'),
  /**
   * An operator's city database (GeoLite2 City or DB-IP City, `.mmdb`) giving region, city and
   * coordinates; unset: country only. A missing or unreadable file stops the web process at start.
   */
  GEOIP_CITY_DB: z.string().optional(),
  /**
   * A country database (`.mmdb`) to use instead of the one shipped in the npm package
   * `@ip-location-db/geo-whois-asn-country-mmdb`, e.g. a fresher download of the same data.
   */
  GEOIP_COUNTRY_DB: z.string().optional(),

  MAX_BODY_BYTES: int(500 * 1024, 1024),
  MAX_EVENT_BYTES: int(32 * 1024, 256),
  MAX_EVENTS_PER_REQUEST: int(500, 1),
  /** Oldest accepted event age; must cover the conversion window plus a week. */
  MAX_EVENT_AGE_DAYS: int(90, 37),
  /** Waiting ingest jobs above which the API answers 503 instead of growing Redis. */
  BACKLOG_MAX_JOBS: int(200_000, 1),
  BACKLOG_POLL_MS: int(250, 10),
  CONFIG_RELOAD_MS: int(30_000, 100),
  /** Ingest requests per second one write key may make, across all web processes; 0: no limit. */
  RATE_LIMIT_PER_KEY: int(1000, 0),
  /** Ingest requests per second one client IP may make, across all web processes; 0: no limit. */
  RATE_LIMIT_PER_IP: int(100, 0),
  /**
   * Secret of the HMAC that stands for the client IP in Redis rate-limit keys (the raw IP is
   * never written). Unset: a random one per process, so per-IP limits count per process.
   */
  RATE_LIMIT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),

  WORKER_CONCURRENCY: int(200, 1),
  WORKER_BATCH_MAX_EVENTS: int(5000, 1),
  WORKER_FLUSH_MS: int(15, 0),
  /**
   * A job's lock (BullMQ renews it at half this) and how often workers look for jobs whose lock
   * lapsed. After a SIGKILL the dead worker's jobs wait about lock + one or two checks: 61-91 s
   * with 30 s / 30 s, 11 s with 10 s / 5 s (bench/killDrain.ts). A longer event-loop stall than
   * the lock makes a job run twice, which event-id dedup and idempotent rollups absorb.
   */
  WORKER_LOCK_MS: int(10_000, 100),
  WORKER_STALLED_INTERVAL_MS: int(5000, 100),
  WORKER_MAX_STALLED: int(100, 50),
  RETRY_BACKOFF_MAX_MS: int(10_000, 10),
  /** Rollup jobs one worker process runs at once (each holds one PostgreSQL connection). */
  ROLLUP_CONCURRENCY: int(2, 1),
  /** Conversion rules a project may have; rollups use only this many (shared/rules/limits.ts). */
  MAX_RULES_PER_PROJECT: int(DEFAULT_RULE_LIMITS.perProject, 1),
  /** Characters of a conversion rule's pattern; each one adds to every page view's matching cost. */
  MAX_RULE_PATTERN_CHARS: z.coerce.number().int().min(1).max(2048, 'must be at most 2048 (the stored column)').default(DEFAULT_RULE_LIMITS.patternChars),
  /**
   * A project-day whose rollup fails on its data (not a lost connection) is retried after this
   * delay, doubled at each further failure up to ROLLUP_RETRY_MAX_MS, instead of every minute.
   */
  ROLLUP_RETRY_BASE_MS: int(60_000, 1000),
  ROLLUP_RETRY_MAX_MS: int(6 * 3_600_000, 1000),
  /**
   * Distinct videos, (video, slot) pairs and pages one project-day keeps apart; past them the
   * least active are counted under one `(other)` key, so no tenant can make answers huge.
   */
  ROLLUP_MAX_VIDEOS_PER_DAY: int(DEFAULT_DAY_CAPS.videos, 1),
  ROLLUP_MAX_SLOTS_PER_DAY: int(DEFAULT_DAY_CAPS.slots, 1),
  ROLLUP_MAX_PAGES_PER_DAY: int(DEFAULT_DAY_CAPS.pages, 1),
  ROLLUP_MAX_BREAKDOWN_VALUES_PER_DAY: int(DEFAULT_DAY_CAPS.breakdownValues, 1),

  SHUTDOWN_TIMEOUT_MS: int(25_000, 100),

  /** Days a dead letter is kept; it holds a raw event, so retention deletes it after this. */
  DEAD_LETTER_RETENTION_DAYS: int(30, 1),
  /** How far back a visitor journey reaches when a form submit promotes it (never before raw retention). */
  JOURNEY_LOOKBACK_HOURS: int(24, 1),
  /**
   * How long a promoted journey waits for the ingest jobs queued before it to be stored; past
   * this it is frozen anyway and marked `partial`.
   */
  JOURNEY_FREEZE_MAX_WAIT_MS: int(300_000, 100),

  /** A dashboard session ends after this many hours without a request. */
  SESSION_IDLE_HOURS: int(168, 1),
  /** A dashboard session ends this many days after sign-in, however active. */
  SESSION_MAX_DAYS: int(30, 1),
  /** Failed and successful sign-ins per e-mail address per 15 minutes, across all web processes. */
  LOGIN_MAX_PER_ACCOUNT: int(10, 1),
  /** Sign-in attempts per client IP per 15 minutes, across all web processes. */
  LOGIN_MAX_PER_IP: int(50, 1),

  /**
   * Where the API serves the tracker's short-cached loader; the hashed bundle is served at
   * `t/<name>.<hash>.js` next to it. Rename it when ad blockers know the default.
   */
  TRACKER_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be a path such as /cp.js')
    .refine((p) => !/^\/(v1|healthz|readyz|openapi|metrics)(\/|$|\.)/.test(p), 'must not overlap an API path')
    .default('/cp.js'),

  // --- Realtime (GET /v1/stats/realtime) ---
  /**
   * Most members one realtime set keeps per project and minute (visitors, sessions, page views,
   * opens, plays: five sets a minute, kept 35 minutes); past it the answer says `capped: true`.
   * Bounds a project's realtime memory at about 5 × 35 × this × 70 bytes (60 MB at the default).
   */
  REALTIME_MAX_MEMBERS_PER_MINUTE: int(5000, 1),
  /**
   * The part of Redis's maxmemory the live figures may fill up to: past it (used_memory above this
   * share) the worker stops writing them, so that the queue, which shares the noeviction Redis,
   * never fills. No effect when Redis has no maxmemory.
   */
  REALTIME_REDIS_MEMORY_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
  // --- end Realtime ---

  // --- Operations: metrics ---
  /**
   * Bearer token of `GET /metrics` (Prometheus text). Unset: the route answers 404, so an
   * instance that never opted in shows nothing.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // --- end Operations ---

  // --- Read replica ---
  /**
   * One streaming standby of DATABASE_URL's server (same TLS settings, DATABASE_SSL) for the
   * read-only stats routes. Unset: they read the primary. One server, not a balancer over
   * several: answers must not go back in time between two polls.
   */
  DATABASE_READ_URL: z.url().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  // --- end Read replica ---

  // --- Scale: Redis Cluster and ingest shards ---
  /**
   * `1`: REDIS_URL names one node of a Redis Cluster (the others are discovered from it) and
   * every connection is a cluster client; queue keys then carry hash tags.
   */
  REDIS_CLUSTER: bool.default(false),
  /**
   * Ingest queues; a project always lands on the same one (a stable hash of its id). On a
   * cluster each queue has its own hash tag, so several spread the queue work over the masters.
   */
  QUEUE_SHARDS: z.coerce.number().int().min(1).max(64).default(1),
  // --- end Scale ---
}).refine((e) => e.DATABASE_POOL_MAX >= e.ROLLUP_CONCURRENCY + 4, {
  path: ['DATABASE_POOL_MAX'],
  message: 'must be at least ROLLUP_CONCURRENCY + 4 (each rollup job holds a connection, maintenance two, and event writes need one)',
});

export type Env = z.input<typeof EnvSchema>;
