import type pg from 'pg';

/**
 * A play's Video Spec bookkeeping (`video_state_signals`, `video_state_derived`) is one of the
 * facts that span days: it goes with the play, once its latest signal is past the plays'
 * horizon (the cutoff minus the conversion window, like `plays`), all of it at once. Until then
 * it outlives the raw events it points to, and that is what it is for: a signal arriving for a
 * play whose older signals are already pruned finds them in the bookkeeping, dated before the
 * project's first complete day, and the worker leaves that play as it was derived
 * (worker/persist/videoState/frozenPlays.ts) instead of re-deriving it from the part that is
 * left. The derived events themselves are rows of `events` and expire with them.
 */

/** Plays per statement: a play has tens of signals, so a statement stays a few thousand rows. */
const PLAY_BATCH = 500;

const EXPIRED_PLAYS = `select distinct s.project_id, s.play_id from video_state_signals s
    where s.project_id = $1::uuid and s.occurred_at < $2::timestamptz
      and not exists (select 1 from video_state_signals l
        where l.project_id = s.project_id and l.play_id = s.play_id and l.occurred_at >= $2::timestamptz)`;

/** $1 project id, $2 the plays' horizon. Old signals are found by `video_state_signals_time_idx`. */
const DELETE_SQL = `with expired as (${EXPIRED_PLAYS} limit ${PLAY_BATCH}),
  signals as (
    delete from video_state_signals s using expired e where s.project_id = e.project_id and s.play_id = e.play_id returning 1
  ),
  derived as (
    delete from video_state_derived d using expired e where d.project_id = e.project_id and d.play_id = e.play_id returning 1
  )
  select (select count(*) from expired)::int as plays, (select count(*) from signals)::int as signals, (select count(*) from derived)::int as derived`;

const COUNT_SQL = `with expired as (${EXPIRED_PLAYS})
  select 0 as plays,
    (select count(*) from video_state_signals s join expired e on s.project_id = e.project_id and s.play_id = e.play_id)::int as signals,
    (select count(*) from video_state_derived d join expired e on d.project_id = e.project_id and d.play_id = e.play_id)::int as derived`;

interface Counts {
  plays: number;
  signals: number;
  derived: number;
}

/** Rows of both tables deleted (or, dry, that would be). */
export async function expireProjectVideoStates(client: pg.ClientBase, projectId: string, playsHorizon: Date, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const row = (await client.query<Counts>(COUNT_SQL, [projectId, playsHorizon])).rows[0];
    return (row?.signals ?? 0) + (row?.derived ?? 0);
  }
  let rows = 0;
  for (;;) {
    const row = (await client.query<Counts>(DELETE_SQL, [projectId, playsHorizon])).rows[0];
    rows += (row?.signals ?? 0) + (row?.derived ?? 0);
    if ((row?.plays ?? 0) < PLAY_BATCH) return rows;
  }
}
