import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { ProjectCache } from './projects/ProjectCache.js';

export interface HealthDeps {
  redis: Redis;
  cache: ProjectCache;
}

const PING_TIMEOUT_MS = 1000;

/**
 * `/healthz`: the process answers (restart it if not). `/readyz`: it can do its job: Redis
 * takes jobs and project config is loaded (stop routing to it if not). PostgreSQL is not
 * checked: ingest keeps working from the cached config while it is down.
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
  return router;
}

async function redisAnswers(redis: Redis): Promise<boolean> {
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
