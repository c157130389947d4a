import type pg from 'pg';
import { withTimeout } from '../resources.js';

/** Where the primary (DATABASE_URL) is, and which cluster it is. */
export interface PrimaryPosition {
  /** pg_current_wal_lsn(): how far it has written WAL, as text (`0/3000148`). */
  lsn: string;
  /** pg_control_system(): the same on a primary and on every standby copied from it. */
  systemId: string;
  /** When its postmaster started: tells the primary itself from a promoted copy of it. */
  startedAt: Date;
}

/** What the server of DATABASE_READ_URL says about its replay of the primary's WAL. */
export interface StandbyState {
  /** false: a primary in its own right, which replays nothing. */
  inRecovery: boolean;
  systemId: string;
  startedAt: Date;
  /** pg_get_wal_replay_pause_state(): `not paused`, `pause requested` or `paused`; undefined out of recovery. */
  pauseState: string | undefined;
  /** Bytes of the primary's WAL (up to PrimaryPosition.lsn) not replayed yet; undefined out of recovery. */
  lagBytes: number | undefined;
  /** See lagSecondsOf; undefined when behind and nothing was replayed since the standby started. */
  lagSeconds: number | undefined;
}

export async function readPrimaryPosition(primary: pg.Pool, timeoutMs: number): Promise<PrimaryPosition> {
  const rows = await queryWithin<PrimaryPosition>(
    primary,
    timeoutMs,
    `select pg_current_wal_lsn()::text as lsn, (select system_identifier::text from pg_control_system()) as "systemId",
            pg_postmaster_start_time() as "startedAt"`,
  );
  const row = rows[0];
  if (!row) throw new Error('the primary returned no WAL position');
  return row;
}

interface StandbyRow {
  inRecovery: boolean;
  systemId: string;
  startedAt: Date;
  pauseState: string | null;
  lagBytes: number | null;
  replayAgeSeconds: number | null;
}

/**
 * Read after the primary's position, so WAL the standby replays in between only makes the lag
 * smaller, never larger than it was. The recovery functions raise an error out of recovery,
 * hence the guards.
 */
export async function readStandbyState(standby: pg.Pool, primaryLsn: string, timeoutMs: number): Promise<StandbyState> {
  const rows = await queryWithin<StandbyRow>(
    standby,
    timeoutMs,
    `select pg_is_in_recovery() as "inRecovery", (select system_identifier::text from pg_control_system()) as "systemId",
            pg_postmaster_start_time() as "startedAt",
            case when pg_is_in_recovery() then pg_get_wal_replay_pause_state() end as "pauseState",
            case when pg_is_in_recovery() then greatest(0, pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()))::float8 end as "lagBytes",
            -- greatest() skips a NULL: with no commit replayed since start the age must stay unknown, not 0.
            case when pg_last_xact_replay_timestamp() is not null
              then greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()))::float8 end as "replayAgeSeconds"`,
    [primaryLsn],
  );
  const row = rows[0];
  if (!row) throw new Error('the standby returned no state');
  const lagBytes = row.lagBytes ?? undefined;
  return {
    inRecovery: row.inRecovery,
    systemId: row.systemId,
    startedAt: row.startedAt,
    pauseState: row.pauseState ?? undefined,
    lagBytes,
    lagSeconds: lagSecondsOf(lagBytes, row.replayAgeSeconds ?? undefined),
  };
}

/** The standby measured against the primary, or why it could not be read. */
export type ReplicaMeasure = { primary: PrimaryPosition; standby: StandbyState } | { primary: PrimaryPosition; unreachable: unknown };

/**
 * The primary's WAL position, then the standby's replay of it, each bounded by `timeoutMs`
 * (connecting included). A primary that fails throws: nothing is known. A standby that fails is
 * part of the answer, since that is itself the news for the doctor and `/metrics` alike.
 */
export async function measureReplica(primary: pg.Pool, standby: pg.Pool, timeoutMs: number): Promise<ReplicaMeasure> {
  const position = await readPrimaryPosition(primary, timeoutMs);
  try {
    const state = await withTimeout(readStandbyState(standby, position.lsn, timeoutMs), timeoutMs, `no answer within ${timeoutMs / 1000} s`);
    return { primary: position, standby: state };
  } catch (unreachable) {
    return { primary: position, unreachable };
  }
}

/** Whether the server replays this primary: in recovery, and copied from the same cluster. */
export function replaysPrimary(primary: PrimaryPosition, standby: StandbyState): boolean {
  return standby.inRecovery && standby.systemId === primary.systemId;
}

/**
 * The standby's lag in time: the age of its newest replayed commit, but only while it is behind.
 * Once it has replayed everything, that commit is old because the primary has written nothing
 * since, not because the standby is late.
 */
export function lagSecondsOf(lagBytes: number | undefined, replayAgeSeconds: number | undefined): number | undefined {
  if (lagBytes === undefined) return undefined;
  return lagBytes === 0 ? 0 : replayAgeSeconds;
}

/**
 * One query under `statement_timeout`, on a connection of its own, so a server that is stuck
 * costs at most `timeoutMs`. A connection whose setting could not be reset is dropped, not reused.
 */
async function queryWithin<R extends pg.QueryResultRow>(pool: pg.Pool, timeoutMs: number, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`set statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    const { rows } = await client.query<R>(sql, params);
    await client.query('reset statement_timeout');
    return rows;
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}
