import type pg from 'pg';
import type { StatsScope, TransitionsFigures } from '../figures.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';

/** Branch choices between slots, by count (then ids): the first `limit`, the rest summed. */
export async function queryTransitions(pool: pg.Pool, scope: StatsScope, limit: number): Promise<TransitionsFigures> {
  const { rows } = await pool.query<{ from_slot_id: string; to_slot_id: string; count: string }>(
    `select from_slot_id, to_slot_id, sum(count)::text as count
       from daily_transitions where ${RANGE}
      group by from_slot_id, to_slot_id
      order by sum(count) desc, from_slot_id collate "C", to_slot_id collate "C"`,
    rangeParams(scope),
  );
  const transitions = rows.slice(0, limit).map((r) => ({ fromSlotId: r.from_slot_id, toSlotId: r.to_slot_id, count: num(r.count) }));
  const rest = rows.slice(limit);
  return { transitions, other: rest.length === 0 ? undefined : { count: rest.reduce((sum, r) => sum + num(r.count), 0) } };
}
