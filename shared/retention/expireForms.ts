import type pg from 'pg';
import { DELETE_BATCH, deleteInBatches } from './batches.js';

/**
 * Form facts go with the raw events they came from: a submission (with its allowlisted,
 * redacted values) when its time is past the cutoff; an attempt (a session's start of a form)
 * when its start, or its first submit for an attempt that never saw a start, is past the
 * sessions' horizon. A kept day's forms rollup reads only starts and submits on that day, and the
 * writer re-marks no earlier start day than the sessions' horizon, so nothing still rebuildable
 * reads what goes.
 */
export interface ExpiredForms {
  formSubmissions: number;
  formStarts: number;
}

/** $1 project id, $2 the cutoff. */
const SUBMISSIONS_SQL = `with gone as (
    delete from form_submissions where ctid = any(array(
      select ctid from form_submissions where project_id = $1::uuid and submitted_at < $2::timestamptz limit ${DELETE_BATCH}))
    returning 1
  )
  select count(*)::text as submissions from gone`;

const EXPIRED_START = `project_id = $1::uuid and coalesce(started_at, first_submit_at) < $2::timestamptz`;

/** $1 project id, $2 the sessions' horizon. */
const STARTS_SQL = `with gone as (
    delete from form_starts where ctid = any(array(select ctid from form_starts where ${EXPIRED_START} limit ${DELETE_BATCH}))
    returning 1
  )
  select count(*)::text as starts from gone`;

const COUNT_SQL = `select
    (select count(*) from form_submissions where project_id = $1::uuid and submitted_at < $2::timestamptz)::text as submissions,
    (select count(*) from form_starts where project_id = $1::uuid and coalesce(started_at, first_submit_at) < $3::timestamptz)::text as starts`;

export async function expireProjectForms(client: pg.ClientBase, projectId: string, cutoff: Date, sessionsHorizon: Date, dryRun: boolean): Promise<ExpiredForms> {
  if (dryRun) {
    const row = (await client.query<{ submissions: string; starts: string }>(COUNT_SQL, [projectId, cutoff, sessionsHorizon])).rows[0];
    return { formSubmissions: Number(row?.submissions ?? 0), formStarts: Number(row?.starts ?? 0) };
  }
  const submissions = await deleteInBatches(client, SUBMISSIONS_SQL, [projectId, cutoff], ['submissions']);
  const starts = await deleteInBatches(client, STARTS_SQL, [projectId, sessionsHorizon], ['starts']);
  return { formSubmissions: submissions.submissions, formStarts: starts.starts };
}
