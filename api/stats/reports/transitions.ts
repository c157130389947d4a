import type { Queryable } from '../queries.js';
import type { StatsScope, TransitionsFigures } from '../figures.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';

/** Catalog links a project can have at most in the answer; a catalog past this is unusual. */
export const MAX_CATALOG_LINKS = 2000;

/**
 * The branches the catalog offers (each slot's `links`), so a graph can show a branch nobody
 * chose yet beside the counted ones. Deduplicated, in a stable order.
 */
export async function queryCatalogLinks(pool: Queryable, projectId: string): Promise<{ fromSlotId: string; toSlotId: string }[]> {
  const { rows } = await pool.query<{ from_slot_id: string; to_slot_id: string }>(
    `select from_slot_id, to_slot_id
       from (select distinct s.slot_id as from_slot_id, l.to_slot_id
               from slots s cross join lateral jsonb_array_elements_text(s.links) as l(to_slot_id)
              where s.project_id = $1) offered
      order by from_slot_id collate "C", to_slot_id collate "C"
      limit ${MAX_CATALOG_LINKS}`,
    [projectId],
  );
  return rows.map((r) => ({ fromSlotId: r.from_slot_id, toSlotId: r.to_slot_id }));
}

/**
 * Branch choices between slots, by count (then ids): the first `limit`, the rest summed. Each
 * carries the choices made from its slot over the range (listed or not) and its share of them,
 * so a slot's branches compare as a ratio with its counts.
 */
export const TRANSITIONS_SQL = `select from_slot_id, to_slot_id, sum(count)::text as count,
    sum(sum(count)) over (partition by from_slot_id)::text as from_slot_choices
  from daily_transitions where ${RANGE}
  group by from_slot_id, to_slot_id
  order by sum(count) desc, from_slot_id collate "C", to_slot_id collate "C"`;

export async function queryTransitions(pool: Queryable, scope: StatsScope, limit: number): Promise<TransitionsFigures> {
  const { rows } = await pool.query<{ from_slot_id: string; to_slot_id: string; count: string; from_slot_choices: string }>(TRANSITIONS_SQL, rangeParams(scope));
  const transitions = rows.slice(0, limit).map((r) => ({
    fromSlotId: r.from_slot_id,
    toSlotId: r.to_slot_id,
    count: num(r.count),
    fromSlotChoices: num(r.from_slot_choices),
    share: Math.round((num(r.count) / num(r.from_slot_choices)) * 10_000) / 10_000,
  }));
  const rest = rows.slice(limit);
  return { transitions, other: rest.length === 0 ? undefined : { count: rest.reduce((sum, r) => sum + num(r.count), 0) } };
}
