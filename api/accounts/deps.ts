import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import type { LoginLimiter } from '../auth/loginLimiter.js';
import type { SessionStore } from '../auth/sessionStore.js';

export interface AccountsDeps {
  config: Config;
  log: Logger;
  orm: MikroORM;
  pool: pg.Pool;
  sessions: SessionStore;
  limiter: LoginLimiter;
  /** After a project is created: this process knows it now, the others within about a second. */
  configChanged(): Promise<void>;
}

/** Account bodies are a few short strings. */
export const ACCOUNT_BODY_LIMIT = 16 * 1024;
