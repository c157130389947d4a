import type pg from 'pg';
import { DELETE_BATCH, deleteInBatches } from './batches.js';

/**
 * Facts that span days outlive the raw events by what a rollup of a kept day still reads:
 * - plays (and their milestones) by the conversion window: a goal on a kept day is attributed
 *   to the visitor's latest play up to the window before it (worker/rollup/conversionsSql.ts);
 * - sessions by two days, and as long as a kept play refers to them: a kept day's rollup files
 *   its events, goals and plays under their session's entry values (a milestone under its
 *   play's session, which may be as old as the play) and reads the sessions going on past its
 *   end; the writer re-marks at most the two days before an event for its session's page times
 *   (docs/architecture.md, "Sessions"), so any other session that started more than two days
 *   before the first kept day is read by no rollup that can still run.
 * `visitor_firsts` and `member_numbers` are kept: they make a returning visitor returning and
 * keep member numbers (and so distinct counts over ranges) stable.
 */
export interface FactHorizons {
  plays: Date;
  sessions: Date;
}

const SESSION_MARGIN_MS = 2 * 86_400_000;
const HOUR_MS = 3_600_000;

/** Attribution counts the window in 24-hour days, so the horizon does too. */
export function factHorizons(cutoff: Date, conversionWindowDays: number): FactHorizons {
  return {
    plays: new Date(cutoff.getTime() - conversionWindowDays * 24 * HOUR_MS),
    sessions: new Date(cutoff.getTime() - SESSION_MARGIN_MS),
  };
}

export interface ExpiredFacts {
  plays: number;
  playMilestones: number;
  sessions: number;
}

/** $1 project id, $2 the plays' horizon. A play's milestones and played ranges go with it. */
const PLAYS_SQL = `with gone as (
    delete from plays where ctid = any(array(
      select ctid from plays where project_id = $1::uuid and first_at < $2::timestamptz limit ${DELETE_BATCH}))
    returning project_id, play_id
  ),
  milestones as (
    delete from play_milestones m using gone g where m.project_id = g.project_id and m.play_id = g.play_id returning 1
  ),
  ranges as (
    delete from play_watch_ranges r using gone g where r.project_id = g.project_id and r.play_id = g.play_id returning 1
  )
  select (select count(*) from gone)::text as plays, (select count(*) from milestones)::text as milestones`;

/**
 * Rows of a per-play fact past the horizon whose play was never stored (a progress event or a
 * played range without a play): no rollup can count them.
 */
const orphansSql = (table: string, timeColumn: string, counted: string) => `with gone as (
    delete from ${table} where ctid = any(array(
      select f.ctid from ${table} f
      where f.project_id = $1::uuid and f.${timeColumn} < $2::timestamptz
        and not exists (select 1 from plays p where p.project_id = f.project_id and p.play_id = f.play_id)
      limit ${DELETE_BATCH}))
    returning 1
  )
  select count(*)::text as ${counted} from gone`;
const ORPHAN_MILESTONES_SQL = orphansSql('play_milestones', 'first_at', 'milestones');
const ORPHAN_RANGES_SQL = orphansSql('play_watch_ranges', 'at', 'ranges');

/** Runs after the plays' delete, so the plays left are the kept ones; `plays_visitor_idx` finds them. */
const EXPIRED_SESSION = `s.project_id = $1::uuid and s.started_at < $2::timestamptz
  and not exists (select 1 from plays p where p.project_id = s.project_id and p.visitor_id = s.visitor_id and p.session_id = s.session_id)`;

const SESSIONS_SQL = `with gone as (
    delete from sessions where ctid = any(array(select s.ctid from sessions s where ${EXPIRED_SESSION} limit ${DELETE_BATCH}))
    returning 1
  )
  select count(*)::text as sessions from gone`;

const COUNT_SQL = `select
    (select count(*) from plays where project_id = $1::uuid and first_at < $2::timestamptz)::text as plays,
    (select count(*) from play_milestones m where m.project_id = $1::uuid and (
      exists (select 1 from plays p where p.project_id = m.project_id and p.play_id = m.play_id and p.first_at < $2::timestamptz)
      or (m.first_at < $2::timestamptz and not exists (select 1 from plays p where p.project_id = m.project_id and p.play_id = m.play_id))))::text as milestones,
    (select count(*) from sessions s where s.project_id = $1::uuid and s.started_at < $3::timestamptz
      and not exists (select 1 from plays p where p.project_id = s.project_id and p.visitor_id = s.visitor_id
        and p.session_id = s.session_id and p.first_at >= $2::timestamptz))::text as sessions`;

export async function expireProjectFacts(client: pg.ClientBase, projectId: string, horizons: FactHorizons, dryRun: boolean): Promise<ExpiredFacts> {
  if (dryRun) {
    const row = (await client.query<{ plays: string; milestones: string; sessions: string }>(COUNT_SQL, [projectId, horizons.plays, horizons.sessions])).rows[0];
    return { plays: Number(row?.plays ?? 0), playMilestones: Number(row?.milestones ?? 0), sessions: Number(row?.sessions ?? 0) };
  }
  const plays = await deleteInBatches(client, PLAYS_SQL, [projectId, horizons.plays], ['plays', 'milestones']);
  const orphans = await deleteInBatches(client, ORPHAN_MILESTONES_SQL, [projectId, horizons.plays], ['milestones']);
  // A play's ranges go with it (PLAYS_SQL); these are the ranges of plays never stored.
  await deleteInBatches(client, ORPHAN_RANGES_SQL, [projectId, horizons.plays], ['ranges']);
  const sessions = await deleteInBatches(client, SESSIONS_SQL, [projectId, horizons.sessions], ['sessions']);
  return { plays: plays.plays, playMilestones: plays.milestones + orphans.milestones, sessions: sessions.sessions };
}
