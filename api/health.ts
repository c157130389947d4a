import { Router } from 'express';
import type { RedisClient } from '../shared/queue/redisClient.js';
import type pg from 'pg';
import { rollupHealth, type RollupHealth } from '../shared/rollup/health.js';
import type { ProjectCache } from './projects/ProjectCache.js';

export interface HealthDeps {
  redis: RedisClient;
  cache: ProjectCache;
  pool: pg.Pool;
}

const PING_TIMEOUT_MS = 1000;
/** PostgreSQL may be slow or away; a health probe answers within this either way. */
const ROLLUP_HEALTH_TIMEOUT_MS = 2000;

/**
 * `/healthz`: the process answers (restart it if not). `/readyz`: it can do its job: RedisClient
 * takes jobs and project config is loaded (stop routing to it if not). PostgreSQL is not
 * checked: ingest keeps working from the cached config while it is down. `/healthz/rollups`:
 * failing project-days and rollup lag, for monitoring (503 only when PostgreSQL does not answer).
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const redis = await redisAnswers(deps.redis);
    const config = deps.cache.isLoaded();
    const ready = redis && config;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      checks: { redis: redis ? 'ok' : 'unavailable', config: config ? 'ok' : 'not loaded' },
    });
  });
  // Counts across all projects and no project id: it answers without a key, like /readyz.
  // Per-project detail is `cuepoint rollup failures --project ID`.
  router.get('/healthz/rollups', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const health = await withinTimeout(rollupHealth(deps.pool), ROLLUP_HEALTH_TIMEOUT_MS);
    if (health) res.json(health);
    else res.status(503).json({ status: 'unavailable' });
  });
  return router;
}

/** The health, or undefined when PostgreSQL fails or does not answer in time. */
async function withinTimeout(query: Promise<RollupHealth>, ms: number): Promise<RollupHealth | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([query.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function redisAnswers(redis: RedisClient): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), PING_TIMEOUT_MS);
    });
    return (await Promise.race([redis.ping(), timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
