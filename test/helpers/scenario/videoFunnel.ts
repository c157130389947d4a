import type { ExpectedStats } from './expected.js';
import { dayRange } from './time.js';

/**
 * The video funnel answer, from the posted events as the definitions read: per (video, slot),
 * impressions and opens that named it, plays started, plays first crossing 25/50/75/100 %, plays
 * with a CTA click (a click of target cta naming the play; the video and slot of its earliest
 * such click in the range) and plays a counted conversion was attributed to, each on the day it
 * happened and each play once over the range. Shares no code with the rollup or the stats API.
 */

const STEPS = ['impression', 'open', 'play', 'reach25', 'reach50', 'reach75', 'reach100', 'ctaClick', 'conversion'] as const;
type StepName = (typeof STEPS)[number];
type Counts = Record<StepName, number>;

interface Step {
  step: StepName;
  count: number;
  fromPrevious: number | null;
  fromStart: number | null;
}

export interface ExpectedVideoFunnel {
  rows: { videoId: string; slotId: string; steps: Step[] }[];
  other: { steps: Step[] } | null;
  total: { steps: Step[] };
}

const zero = (): Counts => ({ impression: 0, open: 0, play: 0, reach25: 0, reach50: 0, reach75: 0, reach100: 0, ctaClick: 0, conversion: 0 });

function stepsOf(c: Counts): Step[] {
  const div = (n: number, d: number) => (d === 0 ? null : n / d);
  const previous: Record<StepName, number> = {
    impression: c.impression,
    open: c.impression,
    play: c.open,
    reach25: c.play,
    reach50: c.reach25,
    reach75: c.reach50,
    reach100: c.reach75,
    ctaClick: c.play,
    conversion: c.play,
  };
  return STEPS.map((step) => ({ step, count: c[step], fromPrevious: div(c[step], previous[step]), fromStart: div(c[step], c.impression) }));
}

export function expectedVideoFunnel(x: ExpectedStats, from: string, to: string, includeBots: boolean, limit = 1000): ExpectedVideoFunnel {
  const days = new Set(dayRange(from, to));
  const pairs = new Map<string, { videoId: string; slotId: string; counts: Counts }>();
  const at = (videoId: string, slotId: string) => {
    const key = `${videoId}|${slotId}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { videoId, slotId, counts: zero() }));
    return p.counts;
  };
  const events = x.events.filter((e) => (includeBots || !e.bot) && days.has(x.day(e.at)));
  for (const e of events) {
    if ((e.type === 'impression' || e.type === 'widget_open') && e.videoId !== undefined && e.slotId !== undefined) {
      at(e.videoId, e.slotId)[e.type === 'impression' ? 'impression' : 'open'] += 1;
    }
  }
  for (const p of x.plays(includeBots)) if (days.has(p.day)) at(p.videoId, p.slotId).play += 1;
  for (const m of x.milestones(includeBots)) if (days.has(m.day)) at(m.videoId, m.slotId)[`reach${m.percent}`] += 1;
  // The earliest CTA click of each play in the range names its video and slot.
  const ctaPlays = new Map<string, { at: number; id: string; videoId: string; slotId: string }>();
  for (const e of events) {
    if (e.type !== 'click' || e.target !== 'cta' || e.playId === undefined) continue;
    const known = ctaPlays.get(e.playId);
    if (!known || e.at < known.at || (e.at === known.at && e.id < known.id)) ctaPlays.set(e.playId, { at: e.at, id: e.id, videoId: e.videoId, slotId: e.slotId });
  }
  for (const c of ctaPlays.values()) at(c.videoId, c.slotId).ctaClick += 1;
  const converted = new Map<string, { videoId: string; slotId: string }>();
  for (const c of x.conversions) if (days.has(c.day)) converted.set(c.playId, { videoId: c.videoId, slotId: c.slotId });
  for (const c of converted.values()) at(c.videoId, c.slotId).conversion += 1;

  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...pairs.values()].sort(
    (a, b) => b.counts.play - a.counts.play || b.counts.impression - a.counts.impression || byId(a.videoId, b.videoId) || byId(a.slotId, b.slotId),
  );
  const sum = (list: typeof sorted) => {
    const c = zero();
    for (const p of list) for (const s of STEPS) c[s] += p.counts[s];
    return c;
  };
  const rest = sorted.slice(limit);
  return {
    rows: sorted.slice(0, limit).map((p) => ({ videoId: p.videoId, slotId: p.slotId, steps: stepsOf(p.counts) })),
    other: rest.length === 0 ? null : { steps: stepsOf(sum(rest)) },
    total: { steps: stepsOf(sum(sorted)) },
  };
}
