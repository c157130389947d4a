import type pg from 'pg';
import { measureReplica, type PrimaryPosition, type StandbyState } from '../../shared/telemetry/readReplica.js';
import { age, fail, ok, warn, worst, type Status, type Verdict } from './verdict.js';

/** When stats on the standby are behind enough that someone comparing with the primary would notice. */
export interface ReplicaLagLimits {
  bytes: number;
  seconds: number;
}

export const REPLICA_LAG_LIMITS: ReplicaLagLimits = { bytes: 16 * 1024 * 1024, seconds: 30 };

/** Each read of a server; below the doctor's own limit per check, so an absent standby is named as such. */
const READ_TIMEOUT_MS = 2000;
/** The whole reading, re-measure included, stays inside the doctor's 5 s per check. */
const READING_BUDGET_MS = 4500;

/**
 * A standby found behind is measured once more after this: WAL the primary wrote a moment ago
 * is still on its way, and after an idle hour the newest replayed commit is an hour old.
 */
export const SETTLE_MS = 1000;

export type ReplicaReading =
  | { configured: false }
  | { configured: true; unreachable: string }
  | { configured: true; primary: PrimaryPosition; standby: StandbyState };

/**
 * What the standby of DATABASE_READ_URL says, measured against the primary. A primary that does
 * not answer throws (the doctor's usual advice about DATABASE_URL); a standby that does not is
 * part of the reading, since only this check can say which setting to look at.
 */
export async function readReadReplica(primary: pg.Pool, replica: pg.Pool | undefined, settleMs = SETTLE_MS): Promise<ReplicaReading> {
  if (replica === undefined) return { configured: false };
  const deadline = Date.now() + READING_BUDGET_MS;
  const measure = async (): Promise<ReplicaReading> => {
    const m = await measureReplica(primary, replica, READ_TIMEOUT_MS);
    return 'standby' in m ? { configured: true, primary: m.primary, standby: m.standby } : { configured: true, unreachable: reason(m.unreachable) };
  };
  const first = await measure();
  if (!('standby' in first) || !first.standby.lagBytes || settleMs <= 0) return first;
  // Slow servers already used the time: the first reading stands rather than the check timing out.
  if (Date.now() + settleMs + 2 * READ_TIMEOUT_MS > deadline) return first;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return measure();
}

export function judgeReadReplica(reading: ReplicaReading, limits: ReplicaLagLimits = REPLICA_LAG_LIMITS): Verdict {
  if (!reading.configured) return ok('DATABASE_READ_URL unset: stats read the primary');
  if ('unreachable' in reading) {
    return fail(
      `cannot read the standby: ${reading.unreachable}`,
      'check DATABASE_READ_URL (`npx cuepoint env`) and that the standby runs; until it answers, stats answer 503',
    );
  }
  const { primary, standby } = reading;
  // Another cluster's server, standby or not: stats would read another database's figures.
  if (standby.systemId !== primary.systemId) {
    return fail(
      `${standby.inRecovery ? 'a standby of' : 'a primary of its own,'} another server (system identifier ${standby.systemId}, the primary's ${primary.systemId})`,
      "point DATABASE_READ_URL at a standby of DATABASE_URL: stats read another database's figures",
    );
  }
  if (!standby.inRecovery) {
    const itself = standby.systemId === primary.systemId && standby.startedAt.getTime() === primary.startedAt.getTime();
    return warn(
      `not in recovery: a primary${itself ? ' (the server of DATABASE_URL itself)' : ''}, not a replica of this database`,
      itself
        ? 'unset DATABASE_READ_URL or point it at a streaming standby: a second pool on the primary only splits its connections'
        : "point DATABASE_READ_URL at a streaming standby of DATABASE_URL: stats read that server's figures, which this database's writes never reach",
    );
  }
  return judgeLag(standby, limits);
}

function judgeLag(standby: StandbyState, limits: ReplicaLagLimits): Verdict {
  const { lagBytes = 0, lagSeconds, pauseState = 'not paused' } = standby;
  const seconds = lagSeconds === undefined ? '' : `, newest replayed commit ${age(lagSeconds)} old`;
  const paused = pauseState !== 'not paused';
  const found = `standby of this database, ${lagBytes === 0 ? 'caught up' : `${size(lagBytes)} behind${seconds}`}${paused ? `; replay ${pauseState}` : ''}`;
  const statuses: Status[] = [];
  const advice: string[] = [];
  if (paused) {
    statuses.push('warn');
    advice.push('resume replay on the standby (`select pg_wal_replay_resume()`)');
  }
  if (lagBytes >= limits.bytes || (lagSeconds ?? 0) >= limits.seconds) {
    statuses.push('warn');
    advice.push(`it is past ${size(limits.bytes)} or ${age(limits.seconds)} behind: check its load, disk and network, and its log`);
  }
  const status = worst(statuses);
  if (status === 'ok') return ok(found);
  return { status, found, advice: `${advice.join('; ')}; until it catches up, stats show its older figures under their own older ETag` };
}

/** `512 B`, `3.2 kB`, `16.0 MB`: binary units, as PostgreSQL's pg_size_pretty counts. */
function size(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Node reports a refused connection to a name with several addresses as an AggregateError with no message. */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return err.message || (typeof code === 'string' ? code : err.name);
}
