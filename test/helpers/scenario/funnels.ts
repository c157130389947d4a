import type { ExpectedBreakdowns } from './breakdowns.js';
import type { ExpectedStats } from './expected.js';
import { ruleMatches } from './expected.js';
import { addDays, startOfDay } from './time.js';
import type { ScenarioEvent } from './types.js';

/**
 * Saved funnels over the scenario and their answers, computed from the posted events as the
 * README defines them: a step is a page view whose URL matches (the conversion rules' matcher)
 * or an event of a type whose given fields all equal the event's; `ordered` takes each unit's
 * earliest first step and then, step by step, the earliest hit after the previous one;
 * `unordered` counts a unit at step k when it has steps 1..k in any order from its first hit;
 * visitors' later steps count within `windowDays` of their start. Shares no code with the
 * funnel SQL.
 */

export type FunnelStepSpec =
  | { kind: 'page'; match: 'exact' | 'prefix' | 'pattern'; pattern: string }
  | { kind: 'event'; type: ScenarioEvent['type']; formId?: string; videoId?: string; target?: string; label?: string; conversionType?: string; name?: string };

export interface FunnelSpec {
  name: string;
  steps: FunnelStepSpec[];
  unit: 'session' | 'visitor';
  windowDays: number;
  mode: 'ordered' | 'unordered';
}

/** Funnels that every generated scenario fills: each step has hits, and later steps lose units. */
export const SCENARIO_FUNNELS: readonly FunnelSpec[] = [
  {
    name: 'page, open, play, CTA (sessions, ordered)',
    unit: 'session',
    windowDays: 30,
    mode: 'ordered',
    steps: [
      { kind: 'page', match: 'prefix', pattern: 'https://shop.example/' },
      { kind: 'event', type: 'widget_open' },
      { kind: 'event', type: 'video_play' },
      { kind: 'event', type: 'click', target: 'cta' },
    ],
  },
  {
    name: 'play, conversion, sign-up (visitors, unordered, 2 days)',
    unit: 'visitor',
    windowDays: 2,
    mode: 'unordered',
    steps: [
      { kind: 'event', type: 'video_play' },
      { kind: 'event', type: 'conversion' },
      { kind: 'page', match: 'pattern', pattern: 'https://shop.example/sign_up/*' },
    ],
  },
  {
    name: 'alpha play, CTA, newsletter (visitors, ordered, 1 day)',
    unit: 'visitor',
    windowDays: 1,
    mode: 'ordered',
    steps: [
      { kind: 'event', type: 'video_play', videoId: 'vid.alpha' },
      { kind: 'event', type: 'click', target: 'cta' },
      { kind: 'event', type: 'form_submit', formId: 'newsletter' },
    ],
  },
];

export type FunnelBy = 'source' | 'device' | 'country';

interface Hit {
  idx: number;
  unit: string;
  sessionId: string;
  at: number;
  id: string;
}

interface Unit {
  sessionId: string;
  depth: number;
  /** Seconds from step k-1 to step k at index k-1 (ordered only). */
  gaps: number[];
}

const DAY_MS = 24 * 3600_000;
const after = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at > b.at || (a.at === b.at && a.id > b.id);
const byTime = (a: Hit, b: Hit) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function stepMatches(step: FunnelStepSpec, e: ScenarioEvent): boolean {
  if (step.kind === 'page') return e.type === 'page_view' && ruleMatches({ name: '', kind: step.match, pattern: step.pattern }, e.url);
  if (e.type !== step.type) return false;
  const fields = e as unknown as Record<string, unknown>;
  const wanted: [string | undefined, unknown][] = [
    [step.formId, fields.formId],
    [step.videoId, fields.videoId],
    [step.target, fields.target],
    [step.label, fields.label],
    [step.conversionType, fields.conversionType],
    [step.name, fields.name],
  ];
  return wanted.every(([want, have]) => want === undefined || want === have);
}

function orderedUnit(hits: Hit[], steps: number, windowMs: number | undefined): Unit | undefined {
  const first = hits.find((h) => h.idx === 1);
  if (!first) return undefined;
  const chosen = [first];
  for (let k = 2; k <= steps; k++) {
    const prev = chosen[chosen.length - 1]!;
    const next = hits.find((h) => h.idx === k && after(h, prev) && (windowMs === undefined || h.at < first.at + windowMs));
    if (!next) break;
    chosen.push(next);
  }
  return { sessionId: first.sessionId, depth: chosen.length, gaps: chosen.slice(1).map((h, i) => (h.at - chosen[i]!.at) / 1000) };
}

function unorderedUnit(hits: Hit[], steps: number, windowMs: number | undefined): Unit {
  const start = hits[0]!;
  const idxs = new Set(hits.filter((h) => windowMs === undefined || h.at < start.at + windowMs).map((h) => h.idx));
  let depth = 0;
  while (depth < steps && idxs.has(depth + 1)) depth++;
  return { sessionId: start.sessionId, depth, gaps: [] };
}

/** percentile_cont(0.5): the middle value, interpolated between the two middle ones. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) / 2;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
}

function stepFigures(f: FunnelSpec, units: readonly Unit[]) {
  const counts = f.steps.map((_, i) => units.filter((u) => u.depth >= i + 1).length);
  const ratio = (n: number, d: number | undefined) => (d === undefined || d === 0 ? null : n / d);
  return f.steps.map((definition, i) => {
    const previous = i === 0 ? undefined : counts[i - 1];
    const reached = units.filter((u) => u.depth >= i + 1);
    return {
      step: i + 1,
      definition,
      count: counts[i]!,
      conversionFromPrevious: ratio(counts[i]!, previous),
      conversionFromStart: ratio(counts[i]!, counts[0]),
      dropOff: previous === undefined ? null : previous - counts[i]!,
      medianSecondsFromPrevious: f.mode === 'ordered' && i > 0 ? median(reached.map((u) => u.gaps[i - 1]!)) : null,
    };
  });
}

/** The units of a funnel over a local-day range. */
function unitsOf(x: ExpectedStats, f: FunnelSpec, from: string, to: string, includeBots: boolean): Unit[] {
  const tz = x.scenario.timezone;
  const lo = startOfDay(from, tz);
  const hi = startOfDay(addDays(to, 1), tz);
  const byUnit = new Map<string, Hit[]>();
  for (const e of x.events) {
    if (e.at < lo || e.at >= hi || (e.bot && !includeBots)) continue;
    f.steps.forEach((step, i) => {
      if (!stepMatches(step, e)) return;
      const unit = f.unit === 'visitor' ? e.visitorId : e.sessionId;
      const list = byUnit.get(unit) ?? [];
      list.push({ idx: i + 1, unit, sessionId: e.sessionId, at: e.at, id: e.id });
      byUnit.set(unit, list);
    });
  }
  const windowMs = f.unit === 'visitor' ? f.windowDays * DAY_MS : undefined;
  const units: Unit[] = [];
  for (const hits of byUnit.values()) {
    hits.sort(byTime);
    const u = f.mode === 'ordered' ? orderedUnit(hits, f.steps.length, windowMs) : unorderedUnit(hits, f.steps.length, windowMs);
    if (u) units.push(u);
  }
  return units;
}

/** The answer of GET /v1/stats/funnels/{id} for one saved funnel (without its `funnel` head). */
export function expectedFunnel(x: ExpectedStats, b: ExpectedBreakdowns, f: FunnelSpec, from: string, to: string, includeBots: boolean, by?: FunnelBy) {
  const units = unitsOf(x, f, from, to, includeBots);
  const base = { from, to, includeBots, by: by ?? null };
  if (by === undefined) return { ...base, steps: stepFigures(f, units), groups: null, groupsLeftOut: 0 };
  const grouped = new Map<string | null, Unit[]>();
  for (const u of units) {
    const value = b.sessionAttribute(by, u.sessionId);
    grouped.set(value, [...(grouped.get(value) ?? []), u]);
  }
  const groups = [...grouped.entries()]
    .map(([value, us]) => ({ value, steps: stepFigures(f, us) }))
    .sort((a, c) => c.steps[0]!.count - a.steps[0]!.count || String(a.value).localeCompare(String(c.value)));
  return { ...base, steps: null, groups, groupsLeftOut: 0 };
}
