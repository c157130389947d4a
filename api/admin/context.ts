import { RequestContext } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { RedisClient } from '../../shared/queue/redisClient.js';
import type pg from 'pg';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import { resolveAccess, type Actor, type Need } from '../auth/access.js';
import type { SessionStore } from '../auth/sessionStore.js';
import { readJsonBody } from '../http/jsonBody.js';
import { publishConfigChanged } from '../../shared/queue/configEvents.js';
import type { MaintenanceEnqueuer } from '../../shared/queue/maintenanceJob.js';
import type { ProjectCache } from '../projects/ProjectCache.js';

export interface AdminDeps {
  config: Config;
  log: Logger;
  orm: MikroORM;
  /** Plain `pg` pool: sessions and whole-project deletion. */
  pool: pg.Pool;
  cache: ProjectCache;
  sessions: SessionStore;
  /** Publishes config-changed after project or key changes. */
  redis: RedisClient;
  /** Erasures and project deletions go to the worker through it. */
  maintenance: MaintenanceEnqueuer;
}

/**
 * Everything an admin handler may touch; the project comes from the key or the signed-in user's
 * project header, never the URL.
 */
export interface AdminContext {
  projectId: string;
  /** Visible prefix of the admin key in use; undefined for a signed-in user. */
  keyPrefix?: string;
  actor: Actor;
  /** A fork per request: no identity map shared between requests. */
  em: EntityManager;
  pool: pg.Pool;
  config: Config;
  log: Logger;
  /** Makes a project or key change visible in this process now and in the others within ~1 s. */
  configChanged(): Promise<void>;
}

export interface AdminInput {
  params: Partial<Record<string, string>>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

export interface Reply {
  status: number;
  /** Omitted for 204. */
  body?: unknown;
}

export type AdminHandler = (ctx: AdminContext, input: AdminInput) => Promise<Reply>;

/** Admin bodies are small JSON objects; anything bigger is a mistake or an attack. */
const ADMIN_BODY_LIMIT = 256 * 1024;

/** The admin routes' default: an admin key, or a signed-in admin (or owner) of the project. */
export const ADMIN_NEED: Need = { key: 'admin', role: 'admin' };

/**
 * Wraps a handler: lets the request in by key or session (and CSRF token) before reading any
 * body, forks the entity manager inside a RequestContext, and writes the reply.
 */
export function adminRoute(deps: AdminDeps, handler: AdminHandler, need: Need = ADMIN_NEED): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const { project, actor } = await resolveAccess(deps, req, need);
    const body = await readJsonBody(req, ADMIN_BODY_LIMIT);
    const em = deps.orm.em.fork();
    const ctx: AdminContext = {
      projectId: project.id,
      keyPrefix: actor.via === 'key' ? actor.prefix : undefined,
      actor,
      em,
      pool: deps.pool,
      config: deps.config,
      log: deps.log,
      configChanged: () => announceConfigChange(deps),
    };
    const reply = await RequestContext.create(em, () => handler(ctx, { params: stringParams(req.params), body }));
    if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  };
}

/** Reloads this process's project cache now and tells the other web processes to reload theirs. */
export async function announceConfigChange(deps: Pick<AdminDeps, 'cache' | 'redis' | 'config' | 'log'>): Promise<void> {
  await deps.cache.reload();
  try {
    await publishConfigChanged(deps.redis, deps.config.redis.prefix);
  } catch (err) {
    // The change is committed; other processes pick it up on their periodic reload.
    deps.log.warn({ err }, 'could not publish config-changed; other processes reload within CONFIG_RELOAD_MS');
  }
}

/** Route parameters are single path segments here; wildcard arrays never occur. */
function stringParams(params: Record<string, string | string[]>): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') out[name] = value;
  return out;
}
