import type pg from 'pg';
import type { GoalRow, GoalsFigures, StatsScope } from '../figures.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';

/**
 * Counted conversions per goal, so URL-rule conversions and conversion events are told apart:
 * a rule (by id, named from the catalog; null once deleted) or a conversion event's type. By
 * conversions (then kind and goal): the first `limit`, the rest summed.
 */
export async function queryGoals(pool: pg.Pool, scope: StatsScope, limit: number): Promise<GoalsFigures> {
  const { rows } = await pool.query<{ kind: 'rule' | 'event'; goal: string; name: string | null; conversions: string }>(
    `select g.kind, g.goal, case when g.kind = 'rule' then r.name else g.goal end as name, g.n::text as conversions
       from (select goal_kind as kind, goal, sum(conversions) as n from daily_goals where ${RANGE} group by 1, 2) g
       left join conversion_rules r on g.kind = 'rule' and r.project_id = $1 and r.id::text = g.goal
      order by g.n desc, g.kind collate "C", g.goal collate "C"`,
    rangeParams(scope),
  );
  const goals: GoalRow[] = rows.slice(0, limit).map((r) => ({ kind: r.kind, goal: r.goal, name: r.name, conversions: num(r.conversions) }));
  const rest = rows.slice(limit);
  return { goals, other: rest.length === 0 ? undefined : { conversions: rest.reduce((sum, r) => sum + num(r.conversions), 0) } };
}
