import type pg from 'pg';

/**
 * Plays that retention has cut into: a stored signal dated before the project's first complete
 * day (`raw_kept_from`, raised before retention deletes anything) whose event row is gone or
 * about to go. Re-deriving such a play from the signals that are left would invent a new first
 * frame after the cut, lose the stretch across it and count milestones again, on kept days
 * whose figures must not move. So a frozen play keeps the events derived while it was whole;
 * a late signal for it is stored (a `video_state` row, which counts nowhere) and changes nothing.
 * Ingest refuses signals before `raw_kept_from`, so only a play that spans that instant can get
 * one, delivered late (a client's retry queue, a backfill through `/v1/import`).
 * $1, $2: project and play ids.
 */
const FROZEN_SQL = `select distinct s.project_id, s.play_id
  from (select distinct p, q from unnest($1::uuid[], $2::uuid[]) as u(p, q)) k
  join video_state_signals s on s.project_id = k.p and s.play_id = k.q
  join projects pr on pr.id = s.project_id
  where s.occurred_at < pr.raw_kept_from`;

/** `project/play` keys of the frozen plays among the given ones. */
export async function frozenPlays(client: pg.ClientBase, projectIds: readonly (string | null)[], playIds: readonly (string | null)[]): Promise<Set<string>> {
  const { rows } = await client.query<{ project_id: string; play_id: string }>(FROZEN_SQL, [projectIds, playIds]);
  return new Set(rows.map((r) => `${r.project_id}/${r.play_id}`));
}
