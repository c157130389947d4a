import type pg from 'pg';
import { localDay } from '../../../shared/timezone.js';
import type { DayMark, FactInput } from '../facts.js';

/**
 * Played ranges (docs/architecture.md, "Audience retention"): every `video_time` with a range
 * becomes a `play_watch_ranges` row, kept per play like `plays`, because a play's coverage counts
 * on its start day while its ranges may arrive on later days (a play across midnight, a paused
 * tab resumed tomorrow). Rows are keyed by event id, so a resent event adds nothing.
 */
const INSERT_RANGES_SQL = `insert into play_watch_ranges (project_id, event_id, play_id, visitor_id, range_from, range_to, at)
  select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::float8[], $6::float8[], $7::timestamptz[])
  order by 1, 2
  on conflict do nothing`;

/** The start of every stored play the batch's ranges belong to (plays were upserted just before). */
const PLAY_STARTS_SQL = `select p.project_id, p.first_at
  from plays p
  join (select distinct project_id, play_id from unnest($1::uuid[], $2::uuid[]) as u(project_id, play_id)) k
    on p.project_id = k.project_id and p.play_id = k.play_id`;

/**
 * Stores the batch's fresh ranges and returns the start days of their plays, so a range sent on
 * a later day re-marks the day its play counts on. A range whose play is not stored yet needs
 * no mark: the play's own event marks its day when it arrives.
 */
export async function recordWatchRanges(client: pg.ClientBase, items: readonly FactInput[]): Promise<DayMark[]> {
  const ranged = items.filter((i) => i.row.type === 'video_time' && i.row.play_id !== null && i.row.range_from !== null && i.row.range_to !== null);
  if (ranged.length === 0) return [];
  const rows = ranged.map((i) => i.row);
  await client.query(INSERT_RANGES_SQL, [
    rows.map((r) => r.project_id),
    rows.map((r) => r.event_id),
    rows.map((r) => r.play_id),
    rows.map((r) => r.visitor_id),
    rows.map((r) => r.range_from),
    rows.map((r) => r.range_to),
    rows.map((r) => r.occurred_at.toISOString()),
  ]);
  const zones = new Map(ranged.map((i) => [i.row.project_id, i.timezone]));
  const { rows: starts } = await client.query<{ project_id: string; first_at: Date }>(PLAY_STARTS_SQL, [rows.map((r) => r.project_id), rows.map((r) => r.play_id)]);
  const marks: DayMark[] = [];
  for (const s of starts) {
    const zone = zones.get(s.project_id);
    if (zone !== undefined) marks.push({ projectId: s.project_id, day: localDay(s.first_at.getTime(), zone) });
  }
  return marks;
}
