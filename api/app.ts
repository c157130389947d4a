import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import helmet from 'helmet';
import type { RedisClient } from '../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Config } from '../shared/config.js';
import { maintenanceEnqueuer } from '../shared/queue/maintenanceJob.js';
import type { Logger } from '../shared/logger.js';
import { accountsRouter } from './accounts/router.js';
import { announceConfigChange } from './admin/context.js';
import { adminRouter } from './admin/router.js';
import { jobsRouter } from './jobs/router.js';
import { visitorsRouter } from './visitors/router.js';
import { usersRouter } from './visitors/userVisitors.js';
import { LoginLimiter } from './auth/loginLimiter.js';
import { SessionStore } from './auth/sessionStore.js';
import { serveDocs } from './docs/serve.js';
import { FORMS_PREFIX, formsRouter } from './forms/router.js';
import type { GeoLookup } from './geo/GeoLookup.js';
import { healthRouter } from './health.js';
import { errorHandler, notFound } from './http/errorHandler.js';
import type { BacklogMonitor } from './ingest/BacklogMonitor.js';
import type { Enqueuer } from './ingest/Enqueuer.js';
import type { IngestLimits } from './ingest/IngestLimits.js';
import { ingestRouter } from './ingest/router.js';
import { journeysRouter } from './journeys/router.js';
import { httpMetrics } from './metrics/httpMetrics.js';
import { processMetrics } from './metrics/defaultMetrics.js';
import { metricsRouter } from './metrics/router.js';
import { routePatterns } from './metrics/routeTable.js';
import { ScrapeSources } from './metrics/scrape.js';
import { WebMetrics } from './metrics/WebMetrics.js';
import { NO_INGEST_TELEMETRY } from './ingest/IngestTelemetry.js';
import { openapiRouter } from './openapi/router.js';
import type { ProjectCache } from './projects/ProjectCache.js';
import { StatsQueries } from './stats/queries.js';
import { FUNNELS_STATS_PREFIX, funnelStatsRouter } from './stats/funnelsRouter.js';
import { STATS_PREFIX, statsRouter } from './stats/router.js';
import { REALTIME_STATS_PATH, realtimeStatsRouter } from './stats/realtime/router.js';
import { SEGMENT_PREFIX } from './segment/routes.js';
import { segmentRouter } from './segment/router.js';
import { RedisSessionSplitter } from './segment/RedisSessionSplitter.js';
import { serveTracker } from './tracker/serve.js';
import { TRACKER_SETTINGS_PATH, trackerSettingsRouter } from './tracker/settings.js';
import { serveWebApp } from './web/serve.js';

/** Everything the HTTP layer uses, built by `startWeb` (or a test) and passed in. */
export interface AppDeps {
  config: Config;
  log: Logger;
  orm: MikroORM;
  /** Plain `pg` pool of the primary: sessions, admin reads, anything that must see the latest write. */
  pool: pg.Pool;
  /**
   * Where the read-only stats routes (`/v1/stats/*`) read: the standby of DATABASE_READ_URL,
   * else (and when absent) `pool`. Nothing that writes or authenticates uses it.
   */
  readPool?: pg.Pool;
  /** The producer connection: readiness pings and config-changed publishes. */
  redis: RedisClient;
  cache: ProjectCache;
  enqueuer: Enqueuer;
  backlog: BacklogMonitor;
  /** Ingest rate limits, counted on arrival (IP) and once the key is known. */
  limits: IngestLimits;
  /** Client address to place (api/geo/); tests pass one opened from their own database file. */
  geo: GeoLookup;
}

/** The Express app without a listening socket, so tests and the server build it the same way. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: with `true` any client could choose its own req.ip by header.
  app.set('trust proxy', deps.config.http.trustProxyHops);
  // Ingest and admin answers are never cached; hashing every body for an ETag is waste.
  // Stats build their own ETag from rollup state, before computing any figure.
  app.set('etag', false);
  // Counted only where someone can scrape them: without METRICS_TOKEN a request pays nothing.
  const metrics = deps.config.metrics.token === undefined ? undefined : new WebMetrics();
  if (metrics) {
    processMetrics();
    app.use(httpMetrics(metrics, () => routePatterns(app)));
  }
  const telemetry = metrics ?? NO_INGEST_TELEMETRY;
  app.use(helmet());

  app.use(healthRouter(deps));
  let sources: ScrapeSources | undefined;
  app.use(
    metricsRouter({
      token: deps.config.metrics.token,
      metrics,
      sources: () =>
        (sources ??= new ScrapeSources({
          redis: deps.redis,
          pool: deps.pool,
          // Without DATABASE_READ_URL the read pool is the primary's own: nothing to measure.
          readPool: deps.config.database.readUrl === undefined ? undefined : deps.readPool,
          prefix: deps.config.redis.prefix,
          shards: deps.config.scale.queueShards,
          log: deps.log,
        })),
    }),
  );
  app.use(serveTracker(deps.config.tracker.path, deps.log));
  app.use('/v1/events', ingestRouter({ ...deps, telemetry }));
  app.use(TRACKER_SETTINGS_PATH, trackerSettingsRouter({ ...deps, telemetry }));
  // Segment's Tracking API (`/v1/batch`, `/v1/track`, `/v1/t` …): paths of its own beside /v1/events.
  app.use(SEGMENT_PREFIX, segmentRouter({ ...deps, telemetry, sessionSplitter: new RedisSessionSplitter(deps.redis, { prefix: deps.config.redis.prefix }) }));
  // Dashboard sessions and sign-in limits; both only touch PostgreSQL and Redis per request.
  const sessions = new SessionStore(deps.pool, { idleMs: deps.config.accounts.sessionIdleMs, maxMs: deps.config.accounts.sessionMaxMs });
  const limiter = new LoginLimiter(deps.redis, {
    prefix: deps.config.redis.prefix,
    perAccount: deps.config.accounts.loginMaxPerAccount,
    perIp: deps.config.accounts.loginMaxPerIp,
    secret: deps.config.rateLimit.secret,
  });
  app.use('/v1', accountsRouter({ ...deps, sessions, limiter, configChanged: () => announceConfigChange(deps) }));
  const maintenance = maintenanceEnqueuer(deps.redis, deps.config.redis.prefix);
  app.use('/v1/admin', adminRouter({ ...deps, sessions, maintenance }));
  app.use('/v1/visitors', visitorsRouter({ ...deps, sessions, maintenance }));
  app.use('/v1/users', usersRouter({ ...deps, sessions, maintenance }));
  app.use('/v1/jobs', jobsRouter({ ...deps, sessions, maintenance }));
  app.use('/v1/journeys', journeysRouter({ ...deps, telemetry, sessions, maintenance }));
  // Live figures from Redis, beside the rollup-based stats and behind the same door.
  // Stats read the replica when there is one, funnels included; sessions (above) stay on the
  // primary, so a session just created works at once.
  const reads = deps.readPool ?? deps.pool;
  const queries = new StatsQueries(reads);
  app.use(REALTIME_STATS_PATH, realtimeStatsRouter({ cache: deps.cache, sessions, redis: deps.redis, pool: reads, prefix: deps.config.redis.prefix, log: deps.log }));
  app.use(STATS_PREFIX, statsRouter({ cache: deps.cache, sessions, queries }));
  app.use(FUNNELS_STATS_PREFIX, funnelStatsRouter({ cache: deps.cache, sessions, pool: deps.pool, queries }));
  app.use(FORMS_PREFIX, formsRouter({ cache: deps.cache, sessions, pool: deps.pool }));
  app.use(openapiRouter());
  app.use(serveDocs());
  app.use(serveWebApp(deps.log));

  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
