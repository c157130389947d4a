import type { Queryable } from '../queries.js';
import type { GoalRow, GoalsFigures, GoalVideoRow, StatsScope } from '../figures.js';
import { num } from '../metrics.js';
import { RANGE, rangeParams } from '../range.js';

/** (video, slot) pairs listed per goal; the rest of a goal's pairs are summed in its `videosOther`. */
export const MAX_VIDEOS_PER_GOAL = 20;

interface GoalSqlRow {
  kind: 'rule' | 'event';
  goal: string;
  name: string | null;
  conversions: string;
  value: string;
  /** [videoId, slotId, conversions, value] per listed pair, in order; only for the first `limit` goals. */
  videos: [string, string, string, string][] | null;
  /** [conversions, value] of the pairs past the listed ones; null when none. */
  videos_other: [string | null, string | null] | null;
}

/**
 * Counted conversions per goal, so URL-rule conversions and conversion events are told apart:
 * a rule (by id, named from the catalog; null once deleted) or a conversion event's type. By
 * conversions (then kind and goal): the first `limit`, the rest summed. Each listed goal carries
 * its value in the project currency and the videos and slots its conversions are attributed to,
 * by conversions (then value, video, slot), at most MAX_VIDEOS_PER_GOAL of them.
 */
export const GOAL_FIGURES_SQL = `with per as (
    select goal_kind as kind, goal, video_id, slot_id, sum(conversions) as n, sum(value) as v
    from daily_goals where ${RANGE}
    group by 1, 2, 3, 4
  ),
  ranked as (
    select p.*, row_number() over (partition by kind, goal order by n desc, v desc, video_id collate "C", slot_id collate "C") as rank
    from per p
  ),
  g as (
    select kind, goal, sum(n) as n, sum(v) as v,
      row_number() over (order by sum(n) desc, kind collate "C", goal collate "C") as rank
    from per group by 1, 2
  )
  select g.kind, g.goal, case when g.kind = 'rule' then r.name else g.goal end as name,
    g.n::text as conversions, round(g.v, 4)::text as value,
    (select jsonb_agg(jsonb_build_array(x.video_id, x.slot_id, x.n::text, round(x.v, 4)::text) order by x.rank)
       from ranked x where g.rank <= $5 and x.kind = g.kind and x.goal = g.goal and x.rank <= ${MAX_VIDEOS_PER_GOAL}) as videos,
    (select jsonb_build_array(sum(x.n)::text, round(sum(x.v), 4)::text)
       from ranked x where g.rank <= $5 and x.kind = g.kind and x.goal = g.goal and x.rank > ${MAX_VIDEOS_PER_GOAL}) as videos_other
  from g
  left join conversion_rules r on g.kind = 'rule' and r.project_id = $1 and r.id::text = g.goal
  order by g.rank`;

const videoRow = ([videoId, slotId, conversions, value]: [string, string, string, string]): GoalVideoRow => ({
  videoId,
  slotId,
  conversions: num(conversions),
  value: num(value),
});

function goalRow(r: GoalSqlRow): GoalRow {
  const [otherConversions, otherValue] = r.videos_other ?? [null, null];
  return {
    kind: r.kind,
    goal: r.goal,
    name: r.name,
    conversions: num(r.conversions),
    value: num(r.value),
    videos: (r.videos ?? []).map(videoRow),
    videosOther: otherConversions === null ? undefined : { conversions: num(otherConversions), value: num(otherValue) },
  };
}

export async function queryGoals(pool: Queryable, scope: StatsScope, limit: number): Promise<GoalsFigures> {
  const { rows } = await pool.query<GoalSqlRow>(GOAL_FIGURES_SQL, [...rangeParams(scope), limit]);
  const goals = rows.slice(0, limit).map(goalRow);
  const rest = rows.slice(limit);
  const other = { conversions: rest.reduce((sum, r) => sum + num(r.conversions), 0), value: round4(rest.reduce((sum, r) => sum + num(r.value), 0)) };
  return { goals, other: rest.length === 0 ? undefined : other };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
