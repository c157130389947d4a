import pg from 'pg';
import type { Config } from '../config.js';
import { databaseUrl, pgSsl } from './connection.js';

/** A plain `pg` pool for the hand-written hot paths (event writes, rollups, stats). */
export function createPool(config: Pick<Config, 'database'>, max = config.database.poolMax): pg.Pool {
  return openPool(databaseUrl(config), config, max);
}

/**
 * The pool of the standby named by DATABASE_READ_URL, with the primary's TLS settings, or
 * undefined when none is set (reads then use the primary's pool).
 */
export function createReadPool(config: Pick<Config, 'database'>, max: number): pg.Pool | undefined {
  const url = config.database.readUrl;
  return url === undefined ? undefined : openPool(url, config, max, READ_CONNECT_TIMEOUT_MS);
}

/**
 * A standby address that never answers would hold each connect attempt for the kernel's timeout
 * (minutes): stats would hang instead of answering 503, and the doctor would not exit.
 */
const READ_CONNECT_TIMEOUT_MS = 5000;

function openPool(connectionString: string, config: Pick<Config, 'database'>, max: number, connectionTimeoutMillis = 0): pg.Pool {
  const pool = new pg.Pool({ connectionString, ssl: pgSsl(config), max, connectionTimeoutMillis });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
