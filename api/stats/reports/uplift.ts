import type pg from 'pg';
import { splitMembers } from '../../../shared/sets/bitmap.js';
import { PROJECT_SCOPE, SET_KIND, type SetKind } from '../../../shared/sets/kinds.js';
import type { StatsScope } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { num } from '../metrics.js';
import type { RangeParams } from '../params.js';
import type { StatsQueries } from '../queries.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';
import type { UpliftResponse } from '../schemas.js';
import type { HoldoutFigures } from '../upliftSchemas.js';
import { RANGE, rangeParams } from '../range.js';
import { add, addConverter, allGoals, emptyGroup, rounded, withRates, type GoalTotals, type UpliftGroup, type VisitorGoals } from './upliftGroups.js';
import { holdoutFigures } from './upliftHoldout.js';

export interface UpliftFigures {
  viewers: UpliftGroup;
  nonViewers: UpliftGroup;
  assisted: GoalTotals;
  unassisted: GoalTotals;
  holdout: HoldoutFigures | null;
}

/**
 * Visitors with an impression in the range, split by whether they also played a video in it
 * (both exact, from the union of the range's impressed and viewer sets), with the goals of each
 * side over the range, assisted by a play or not. The visitors with a goal in the range (one
 * row each) are looked up in both unions. Assisted and unassisted totals hold every goal of the
 * range, impressed or not. The holdout block compares the impressed with the held-out visitors
 * (upliftHoldout.ts) from the same rows.
 */
export async function queryUplift(client: pg.PoolClient, scope: StatsScope): Promise<UpliftFigures> {
  const sets = new MemberSets(client, scope);
  const projectSets = async (kind: SetKind) => (await sets.rangeSets(kind, [PROJECT_SCOPE])).get(PROJECT_SCOPE) ?? [];
  const impressed = await projectSets(SET_KIND.impressed);
  const viewers = await projectSets(SET_KIND.viewer);
  const heldOut = await projectSets(SET_KIND.heldOut);
  const { rows } = await client.query<VisitorGoals>(
    `select visitor_n, sum(assisted)::text as assisted, sum(assisted_value)::text as assisted_value,
        sum(unassisted)::text as unassisted, sum(unassisted_value)::text as unassisted_value
       from daily_visitor_goals where ${RANGE}
      group by visitor_n`,
    rangeParams(scope),
  );
  const split = splitMembers(impressed, viewers, rows.map((r) => r.visitor_n));
  const groups = { viewers: emptyGroup(split.inBoth), nonViewers: emptyGroup(split.baseOnly) };
  const assisted: GoalTotals = { conversions: 0, revenue: 0 };
  const unassisted: GoalTotals = { conversions: 0, revenue: 0 };
  rows.forEach((row, i) => {
    add(assisted, { conversions: num(row.assisted), revenue: num(row.assisted_value) });
    add(unassisted, { conversions: num(row.unassisted), revenue: num(row.unassisted_value) });
    const where = split.probes[i];
    if (where?.inBase) addConverter(where.inOther ? groups.viewers : groups.nonViewers, allGoals(row));
  });
  return {
    viewers: withRates(groups.viewers),
    nonViewers: withRates(groups.nonViewers),
    assisted: rounded(assisted),
    unassisted: rounded(unassisted),
    holdout: holdoutFigures(impressed, heldOut, rows),
  };
}

/** Said with every answer, because the two groups differ in more than the video. */
export const UPLIFT_NOTE =
  'Viewers chose to play a video, so they differ from non-viewers in more than the video: this comparison is a correlation, not the causal effect of the video.';

/** The viewer split, the assisted goals and the holdout of a range, with the note on how to read them. */
export async function upliftReport(queries: StatsQueries, project: StatsProject, params: RangeParams): Promise<UpliftResponse> {
  const figures = await queries.snapshot((client) => queryUplift(client, scopeOf(project, params)));
  return { ...rangeOf(project, params), currency: project.currency.toUpperCase(), ...figures, note: UPLIFT_NOTE };
}
