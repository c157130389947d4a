import pg from 'pg';
import type { Config } from '../config.js';
import { databaseUrl, pgSsl } from './connection.js';

/** A plain `pg` pool for the hand-written hot paths (event writes, rollups, stats). */
export function createPool(config: Pick<Config, 'database'>, max = config.database.poolMax): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl(config), ssl: pgSsl(config), max });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
