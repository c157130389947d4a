import type pg from 'pg';
import { splitMembers } from '../../../shared/sets/bitmap.js';
import { PROJECT_SCOPE, SET_KIND } from '../../../shared/sets/kinds.js';
import type { StatsScope } from '../figures.js';
import { MemberSets } from '../memberSets.js';
import { num } from '../metrics.js';
import type { RangeParams } from '../params.js';
import type { StatsQueries } from '../queries.js';
import { rangeOf, scopeOf, type StatsProject } from '../reports.js';
import type { UpliftResponse } from '../schemas.js';
import { RANGE, rangeParams } from '../range.js';

/** Goals and their value in the project currency. */
export interface GoalTotals {
  conversions: number;
  revenue: number;
}

/** One side of the viewer split: its visitors, who of them converted, and what they brought. */
export interface UpliftGroup extends GoalTotals {
  visitors: number;
  converters: number;
  conversionRate: number | null;
  revenuePerVisitor: number | null;
}

export interface UpliftFigures {
  viewers: UpliftGroup;
  nonViewers: UpliftGroup;
  assisted: GoalTotals;
  unassisted: GoalTotals;
}

interface VisitorGoals {
  visitor_n: number;
  assisted: string;
  assisted_value: string;
  unassisted: string;
  unassisted_value: string;
}

/**
 * Visitors with an impression in the range, split by whether they also played a video in it
 * (both exact, from the union of the range's impressed and viewer sets), with the goals of each
 * side over the range, assisted by a play or not. The visitors with a goal in the range (one
 * row each) are looked up in both unions. Assisted and unassisted totals hold every goal of the
 * range, impressed or not.
 */
export async function queryUplift(client: pg.PoolClient, scope: StatsScope): Promise<UpliftFigures> {
  const sets = new MemberSets(client, scope);
  const impressed = (await sets.rangeSets(SET_KIND.impressed, [PROJECT_SCOPE])).get(PROJECT_SCOPE) ?? [];
  const viewers = (await sets.rangeSets(SET_KIND.viewer, [PROJECT_SCOPE])).get(PROJECT_SCOPE) ?? [];
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
    const goals = { conversions: num(row.assisted) + num(row.unassisted), revenue: num(row.assisted_value) + num(row.unassisted_value) };
    add(assisted, { conversions: num(row.assisted), revenue: num(row.assisted_value) });
    add(unassisted, { conversions: num(row.unassisted), revenue: num(row.unassisted_value) });
    const where = split.probes[i];
    if (!where?.inBase || goals.conversions === 0) return;
    const group = where.inOther ? groups.viewers : groups.nonViewers;
    group.converters += 1;
    add(group, goals);
  });
  return { viewers: withRates(groups.viewers), nonViewers: withRates(groups.nonViewers), assisted: rounded(assisted), unassisted: rounded(unassisted) };
}

function emptyGroup(visitors: number): UpliftGroup {
  return { visitors, converters: 0, conversionRate: null, conversions: 0, revenue: 0, revenuePerVisitor: null };
}

function add(into: GoalTotals, goals: GoalTotals): void {
  into.conversions += goals.conversions;
  into.revenue += goals.revenue;
}

function withRates(g: UpliftGroup): UpliftGroup {
  const perVisitor = (x: number) => (g.visitors === 0 ? null : round4(x / g.visitors));
  return { ...g, revenue: round4(g.revenue), conversionRate: perVisitor(g.converters), revenuePerVisitor: perVisitor(g.revenue) };
}

function rounded(t: GoalTotals): GoalTotals {
  return { conversions: t.conversions, revenue: round4(t.revenue) };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Said with every answer, because the two groups differ in more than the video. */
export const UPLIFT_NOTE =
  'Viewers chose to play a video, so they differ from non-viewers in more than the video: this comparison is a correlation, not the causal effect of the video.';

/** The viewer split and the assisted goals of a range, with the note on how to read them. */
export async function upliftReport(queries: StatsQueries, project: StatsProject, params: RangeParams): Promise<UpliftResponse> {
  const figures = await queries.snapshot((client) => queryUplift(client, scopeOf(project, params)));
  return { ...rangeOf(project, params), currency: project.currency.toUpperCase(), ...figures, note: UPLIFT_NOTE };
}
