import { RequestContext } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import { authenticateBearer } from '../auth/authenticate.js';
import { readJsonBody } from '../http/jsonBody.js';
import { publishConfigChanged } from '../../shared/queue/configEvents.js';
import type { ProjectCache } from '../projects/ProjectCache.js';

export interface AdminDeps {
  config: Config;
  log: Logger;
  orm: MikroORM;
  cache: ProjectCache;
  /** Publishes config-changed after project or key changes. */
  redis: Redis;
}

/** Everything an admin handler may touch; the project comes from the key, never the URL. */
export interface AdminContext {
  projectId: string;
  /** Visible prefix of the admin key in use. */
  keyPrefix: string;
  /** A fork per request: no identity map shared between requests. */
  em: EntityManager;
  config: Config;
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

/**
 * Wraps a handler: authenticates the admin key before reading any body, forks the entity
 * manager inside a RequestContext, and writes the reply.
 */
export function adminRoute(deps: AdminDeps, handler: AdminHandler): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const auth = authenticateBearer(deps.cache, req.get('authorization'), 'admin');
    const body = await readJsonBody(req, ADMIN_BODY_LIMIT);
    const em = deps.orm.em.fork();
    const ctx: AdminContext = {
      projectId: auth.project.id,
      keyPrefix: auth.prefix,
      em,
      config: deps.config,
      configChanged: () => configChanged(deps),
    };
    const reply = await RequestContext.create(em, () => handler(ctx, { params: stringParams(req.params), body }));
    if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  };
}

async function configChanged(deps: AdminDeps): Promise<void> {
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
