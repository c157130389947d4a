import { isRuleCandidate } from './eventRules.js';
import { ruleMatchesEvent, type ExpectedStats } from './expected.js';
import type { ScenarioEvent } from './types.js';
import { expectedHoldout } from './upliftHoldout.js';

/**
 * The uplift answer, computed from the posted events as the definitions read: every goal (a
 * rule's first match per visitor, session and rule; an orderId's first conversion; every
 * conversion without one) is assisted when a play took it, else unassisted; visitors with an
 * impression in the range are viewers when they also have a play starting in it. Shares no
 * code with the rollup or the stats API.
 */

const DAY_MS = 24 * 3600_000;
/** Values are summed in 1/10,000 units, so sums are exact. */
export const SCALE = 10_000;

type Ev<T extends ScenarioEvent['type']> = Extract<ScenarioEvent, { type: T }>;

export interface Goal {
  visitorId: string;
  day: string;
  assisted: boolean;
  /** In 1/10,000 of the project currency; 0 without a value or in another currency. */
  value: number;
}

interface Totals {
  conversions: number;
  revenue: number;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const byTime = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every non-bot goal once: the first in-window candidate of its key if there is one (assisted), else its first candidate. */
export function goalsOf(x: ExpectedStats): Goal[] {
  const s = x.scenario;
  const human = x.events.filter((e) => !e.bot);
  const playStarts = new Map<string, { visitorId: string; at: number }>();
  for (const e of human) {
    if (e.type !== 'video_play') continue;
    const known = playStarts.get(e.playId);
    if (!known || e.at < known.at) playStarts.set(e.playId, { visitorId: e.visitorId, at: e.at });
  }
  const latestStart = new Map<string, number[]>();
  for (const p of playStarts.values()) latestStart.set(p.visitorId, [...(latestStart.get(p.visitorId) ?? []), p.at]);
  const inWindow = (visitorId: string, at: number) => {
    const before = (latestStart.get(visitorId) ?? []).filter((t) => t <= at);
    return before.length > 0 && at - Math.max(...before) <= s.conversionWindowDays * DAY_MS;
  };
  const valueOf = (e: Ev<'conversion'>) => (e.value !== undefined && e.currency?.toUpperCase() === s.currency.toUpperCase() ? Math.round(e.value * SCALE) : 0);

  const keyed = new Map<string, { first: Goal; assisted?: Goal }>();
  const goals: Goal[] = [];
  const offer = (key: string | undefined, goal: Goal) => {
    if (key === undefined) {
      goals.push(goal);
      return;
    }
    const known = keyed.get(key);
    if (!known) keyed.set(key, { first: goal, assisted: goal.assisted ? goal : undefined });
    else if (goal.assisted && !known.assisted) known.assisted = goal;
  };
  for (const e of [...human].sort(byTime)) {
    const base = { visitorId: e.visitorId, day: x.day(e.at), assisted: inWindow(e.visitorId, e.at) };
    if (isRuleCandidate(e)) {
      for (const rule of s.rules) if (ruleMatchesEvent(rule, e)) offer(`rule|${e.visitorId}|${rule.name}|${e.sessionId}`, { ...base, value: 0 });
    } else if (e.type === 'conversion') {
      offer(e.orderId === undefined ? undefined : `order|${e.orderId}`, { ...base, value: valueOf(e) });
    }
  }
  for (const { first, assisted } of keyed.values()) goals.push(assisted ?? first);
  return goals;
}

export function expectedUplift(x: ExpectedStats, from: string, to: string, includeBots: boolean): Record<string, unknown> {
  const inRange = (day: string) => day >= from && day <= to;
  const impressed = new Set<string>();
  for (const e of x.events) if (e.type === 'impression' && (includeBots || !e.bot) && inRange(x.day(e.at))) impressed.add(e.visitorId);
  const viewers = new Set(x.plays(includeBots).filter((p) => inRange(p.day)).map((p) => p.visitorId));
  const goals = goalsOf(x).filter((g) => inRange(g.day));

  const group = (member: (visitorId: string) => boolean) => {
    const visitors = [...impressed].filter(member);
    const mine = goals.filter((g) => impressed.has(g.visitorId) && member(g.visitorId));
    const revenue = mine.reduce((sum, g) => sum + g.value, 0) / SCALE;
    const converters = new Set(mine.map((g) => g.visitorId)).size;
    const per = (n: number) => (visitors.length === 0 ? null : round4(n / visitors.length));
    return { visitors: visitors.length, converters, conversionRate: per(converters), conversions: mine.length, revenue: round4(revenue), revenuePerVisitor: per(revenue) };
  };
  const totals = (assisted: boolean): Totals => {
    const mine = goals.filter((g) => g.assisted === assisted);
    return { conversions: mine.length, revenue: round4(mine.reduce((sum, g) => sum + g.value, 0) / SCALE) };
  };
  return {
    viewers: group((v) => viewers.has(v)),
    nonViewers: group((v) => !viewers.has(v)),
    assisted: totals(true),
    unassisted: totals(false),
    ...(x.scenario.holdout === undefined ? {} : { holdout: expectedHoldout(x, from, to, includeBots) }),
  };
}
