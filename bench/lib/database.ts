import pg from 'pg';
import { loadConfig } from '../../shared/config.js';
import { migrate } from '../../shared/db/migrate.js';
import { initOrm } from '../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../shared/projects/createProject.js';
import { SHOP_ORIGIN } from '../segment/segmentBodies.js';

export const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Every run starts from an empty, freshly migrated database (dropped first), so row counts
 * and table sizes are this run's alone. It is left in place afterwards for inspection.
 */
export async function recreateDatabase(database: string): Promise<CreatedProject> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${database}`);
  await admin(`drop database if exists ${database} with (force)`);
  await admin(`create database ${database}`);
  const config = loadConfig({ DATABASE_URL: databaseUrl(database), LOG_LEVEL: 'silent' });
  await migrate(config);
  const orm = await initOrm(config);
  try {
    // The origin lets the browser-shaped loads (analytics.js, the tracker's text/plain send) pass the origin check.
    return await createProject(orm.em.fork(), { name: 'ingest bench', timezone: 'Europe/Paris', allowedOrigins: [SHOP_ORIGIN] });
  } finally {
    await orm.close();
  }
}

export async function serverVersions(): Promise<{ postgres: string; settings: string }> {
  const version = (await admin(`show server_version`)).rows[0] as { server_version: string };
  const settings = (await admin(`select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) as s from pg_settings
      where name in ('shared_buffers', 'synchronous_commit', 'max_wal_size', 'fsync')`)).rows[0] as { s: string };
  return { postgres: version.server_version, settings: settings.s };
}

/** Rows stored so far. event_ids is the narrow table that gains exactly one row per stored event. */
export async function storedEvents(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select count(*)::text as n from event_ids`);
  return Number(rows[0]?.n ?? 0);
}

export async function dropDatabase(database: string): Promise<void> {
  await admin(`drop database if exists ${database} with (force)`);
}
