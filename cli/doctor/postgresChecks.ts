import type pg from 'pg';
import { fail, ok, worst, type Status, type Verdict } from './verdict.js';

type Queryable = Pick<pg.Pool, 'query'>;

/** Partitions are detached CONCURRENTLY and listed with `inhdetachpending`, both PostgreSQL 14. */
export const MIN_POSTGRES_VERSION = 140000;

export interface PostgresSettings {
  /** server_version_num, e.g. 170004. */
  versionNum: number;
  version: string;
  autovacuum: string;
  trackCounts: string;
  fsync: string;
  synchronousCommit: string;
}

export async function readPostgresSettings(db: Queryable): Promise<PostgresSettings> {
  const { rows } = await db.query<PostgresSettings>(
    `select current_setting('server_version_num')::int as "versionNum", current_setting('server_version') as version,
            current_setting('autovacuum') as autovacuum, current_setting('track_counts') as "trackCounts",
            current_setting('fsync') as fsync, current_setting('synchronous_commit') as "synchronousCommit"`,
  );
  const row = rows[0];
  if (!row) throw new Error('PostgreSQL returned no settings');
  return row;
}

export function judgePostgresVersion(s: Pick<PostgresSettings, 'versionNum' | 'version'>): Verdict {
  const found = `PostgreSQL ${s.version}`;
  if (s.versionNum < MIN_POSTGRES_VERSION) return fail(found, 'upgrade to PostgreSQL 14 or later: partition maintenance and retention need it');
  return ok(found);
}

/**
 * Settings that lose data or slowly degrade a write-heavy database. Without fsync a crash can
 * corrupt it; with synchronous_commit off the last moments of stored events can vanish after
 * their jobs left Redis; without autovacuum (or the statistics it needs) tables bloat and the
 * planner misjudges the rollup and stats queries.
 */
export function judgePostgresSettings(s: Omit<PostgresSettings, 'versionNum' | 'version'>): Verdict {
  const found = `autovacuum ${s.autovacuum}, track_counts ${s.trackCounts}, fsync ${s.fsync}, synchronous_commit ${s.synchronousCommit}`;
  const advice: string[] = [];
  const statuses: Status[] = [];
  if (s.fsync !== 'on') {
    statuses.push('fail');
    advice.push('turn fsync on: without it a crash can corrupt the database');
  }
  if (s.autovacuum !== 'on' || s.trackCounts !== 'on') {
    statuses.push('warn');
    advice.push("turn autovacuum and track_counts on (ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf();): without them event and rollup tables bloat and plans go stale");
  }
  if (s.synchronousCommit === 'off') {
    statuses.push('warn');
    advice.push('set synchronous_commit to on: off can lose the last stored events in a crash after their jobs left Redis');
  }
  const status = worst(statuses);
  return status === 'ok' ? ok(found) : { status, found, advice: advice.join('; ') };
}

/** Migrations the code knows and the database has not recorded (none when it has every one). */
export async function pendingMigrations(db: Queryable, known: readonly string[]): Promise<string[]> {
  const { rows: table } = await db.query<{ exists: boolean }>(`select to_regclass('mikro_orm_migrations') is not null as exists`);
  if (!table[0]?.exists) return [...known];
  const { rows } = await db.query<{ name: string }>(`select name from mikro_orm_migrations`);
  const applied = new Set(rows.map((r) => r.name.replace(/\.[jt]s$/, '')));
  return known.filter((name) => !applied.has(name));
}

export function judgeMigrations(pending: readonly string[], known: number): Verdict {
  if (pending.length === 0) return ok(`all ${known} migrations applied`);
  const names = pending.length > 3 ? `${pending.slice(0, 3).join(', ')} …` : pending.join(', ');
  return fail(`${pending.length} of ${known} migrations pending (${names})`, 'run `npx cuepoint migrate` (the release phase does it on Heroku) before starting the new version');
}
