import { num } from '../metrics.js';

/** The groups the uplift report compares (uplift.ts, upliftHoldout.ts) and how their rates are taken. */

/** Goals and their value in the project currency. */
export interface GoalTotals {
  conversions: number;
  revenue: number;
}

/** One side of a comparison: its visitors, who of them converted, and what they brought. */
export interface UpliftGroup extends GoalTotals {
  visitors: number;
  converters: number;
  conversionRate: number | null;
  revenuePerVisitor: number | null;
}

/** One converter's goals over the range, by member number (a `daily_visitor_goals` range sum). */
export interface VisitorGoals {
  visitor_n: number;
  assisted: string;
  assisted_value: string;
  unassisted: string;
  unassisted_value: string;
}

/** Every goal of a converter, assisted by a play or not. */
export function allGoals(row: VisitorGoals): GoalTotals {
  return { conversions: num(row.assisted) + num(row.unassisted), revenue: num(row.assisted_value) + num(row.unassisted_value) };
}

export function emptyGroup(visitors: number): UpliftGroup {
  return { visitors, converters: 0, conversionRate: null, conversions: 0, revenue: 0, revenuePerVisitor: null };
}

export function add(into: GoalTotals, goals: GoalTotals): void {
  into.conversions += goals.conversions;
  into.revenue += goals.revenue;
}

/** A converter of the group: counted once, with all their goals. */
export function addConverter(group: UpliftGroup, goals: GoalTotals): void {
  if (goals.conversions === 0) return;
  group.converters += 1;
  add(group, goals);
}

export function withRates(g: UpliftGroup): UpliftGroup {
  const perVisitor = (x: number) => (g.visitors === 0 ? null : round4(x / g.visitors));
  return { ...g, revenue: round4(g.revenue), conversionRate: perVisitor(g.converters), revenuePerVisitor: perVisitor(g.revenue) };
}

export function rounded(t: GoalTotals): GoalTotals {
  return { conversions: t.conversions, revenue: round4(t.revenue) };
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
