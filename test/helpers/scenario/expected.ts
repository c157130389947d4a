import { eventRuleMatches, isRuleCandidate } from './eventRules.js';
import { ExpectedSite } from './site.js';
import { dayRange, localDay } from './time.js';
import type {
  ConversionRuleSpec,
  OverviewBody,
  OverviewMetrics,
  PageRow,
  PagesBody,
  Scenario,
  ScenarioEvent,
  SlotRow,
  TransitionRow,
  TransitionsBody,
  VideoMetrics,
  VideoRow,
  VideosBody,
} from './types.js';

/**
 * Every figure of every stats endpoint, computed in plain TypeScript from the events the
 * scenario posted, following docs/architecture.md "Identity and definitions" literally. It
 * shares no code with the worker, the rollups or the stats API.
 */

const DAY_MS = 24 * 3600_000;
/** Conversion values are summed in units of 1/10,000 (the column's scale) to stay exact. */
const VALUE_SCALE = 10_000;

/** One goal as the goals answer lists it, keyed for comparison (see ExpectedStats.goals). */
export interface GoalRowExpected {
  key: string;
  conversions: number;
  value: number;
  videos: { pair: string; conversions: number; value: number }[];
}

// ---- URLs ------------------------------------------------------------------------------------

/** Page key: lowercased scheme and host, then the path as sent; no query, no fragment. */
export function pageKeyOf(raw: string): string {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** The stored URL: scheme, host, path and only the utm_* parameters (the projects allowlist none). */
export function storedUrlOf(raw: string): string {
  const u = new URL(raw);
  const kept: [string, string][] = [];
  for (const [k, v] of u.searchParams) if (k.toLowerCase().startsWith('utm_')) kept.push([k, v]);
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : '';
  return `${u.protocol}//${u.host}${u.pathname}${query}`;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

/** exact: scheme, host and path equal (query ignored); prefix: string prefix of the stored URL; pattern: a `*` glob over it. */
export function ruleMatches(rule: ConversionRuleSpec, rawUrl: string): boolean {
  switch (rule.kind) {
    case 'exact': {
      const r = new URL(rule.pattern);
      const u = new URL(rawUrl);
      return r.protocol === u.protocol && r.host === u.host && r.pathname === u.pathname;
    }
    case 'prefix':
      return storedUrlOf(rawUrl).startsWith(rule.pattern);
    case 'pattern':
      return globToRegExp(rule.pattern).test(storedUrlOf(rawUrl));
    default:
      return false;
  }
}

/** A URL rule against a page view, an event rule against the events it names. */
export function ruleMatchesEvent(rule: ConversionRuleSpec, e: ScenarioEvent): boolean {
  return e.type === 'page_view' ? ruleMatches(rule, e.url) : eventRuleMatches(rule, e);
}

// ---- Facts -----------------------------------------------------------------------------------

export interface PlayFact {
  playId: string;
  /** The session of the play's earliest video_play. */
  sessionId: string;
  at: number;
  day: string;
  videoId: string;
  slotId: string;
  visitorId: string;
}

export interface MilestoneFact {
  playId: string;
  /** Its play's session; NO_SESSION when the play's start never arrived. */
  sessionId: string;
  day: string;
  percent: 25 | 50 | 75 | 100;
  videoId: string;
  slotId: string;
}

export interface ConversionFact {
  eventId: string;
  /** The goal's own session (of its page view or conversion event). */
  sessionId: string;
  at: number;
  day: string;
  visitorId: string;
  kind: 'rule' | 'explicit';
  rule?: string;
  /** The rule's name, or the conversion type ('' without one). */
  goal: string;
  videoId: string;
  slotId: string;
  playId: string;
  currency: string | null;
  /** In 1/10,000 units; 0 without a value. */
  value: number;
}

/** One session, from every stored event of it (bots too), counted on the local day it started. */
export interface SessionFact {
  sessionId: string;
  visitorId: string;
  day: string;
  startedAt: number;
  endedAt: number;
  pageviews: number;
  /** Any widget_open, click, video_play, form_submit, conversion or custom event. */
  interacted: boolean;
  /** Every event of the session came from a bot. */
  bot: boolean;
  /** The visitor's first session: the session of the visitor's earliest event. */
  isNew: boolean;
}

/** The session of a milestone whose play is unknown: it belongs to no session. */
export const NO_SESSION = '';

/**
 * Restricts figures to the sessions kept (a breakdown value): events by their own session,
 * plays and milestones by the play's, conversions by the goal's. `key` names it for caching.
 */
export interface SessionFilter {
  key: string;
  keep(sessionId: string): boolean;
}

// A Video Spec signal is an interaction too (README, Segment's Video Spec): it is a play's.
const INTERACTIONS = new Set(['widget_open', 'click', 'video_play', 'form_submit', 'conversion', 'custom', 'video_state']);

interface DayBucket {
  sessions: SessionFact[];
  events: ScenarioEvent[];
  plays: PlayFact[];
  milestones: MilestoneFact[];
  conversions: ConversionFact[];
}

interface Facts {
  byDay: Map<string, DayBucket>;
}

const emptyBucket = (): DayBucket => ({ sessions: [], events: [], plays: [], milestones: [], conversions: [] });

function byTime(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

export interface Scope {
  videoId?: string;
  slotId?: string;
  /** Any of these videos. */
  videoIds?: ReadonlySet<string>;
}

const inScope = (scope: Scope, videoId: string | undefined, slotId: string | undefined): boolean =>
  (scope.videoId === undefined || scope.videoId === videoId) &&
  (scope.slotId === undefined || scope.slotId === slotId) &&
  (scope.videoIds === undefined || (videoId !== undefined && scope.videoIds.has(videoId)));

export class ExpectedStats {
  private readonly tz: string;
  private readonly facts = new Map<string, Facts>();
  /** The session of each play's earliest video_play (bots too: a milestone finds its play's session whoever played). */
  private readonly playSessions = new Map<string, string>();
  readonly conversions: ConversionFact[];
  readonly sessions: SessionFact[];
  private siteOracle: ExpectedSite | undefined;

  /** `events`: the unique events stored so far (first posted copy of each id). */
  constructor(
    readonly scenario: Scenario,
    readonly events: readonly ScenarioEvent[],
  ) {
    this.tz = scenario.timezone;
    const firstPlay = new Map<string, ScenarioEvent>();
    for (const e of [...events].sort(byTime)) if (e.type === 'video_play' && !firstPlay.has(e.playId)) firstPlay.set(e.playId, e);
    for (const [playId, e] of firstPlay) this.playSessions.set(playId, e.sessionId);
    this.conversions = this.computeConversions();
    this.sessions = this.computeSessions();
  }

  /** Sessions from all events (a session is a bot only when every event of it is). */
  private computeSessions(): SessionFact[] {
    const sorted = [...this.events].sort(byTime);
    const firstSessionOf = new Map<string, string>();
    const facts = new Map<string, SessionFact>();
    for (const e of sorted) {
      if (!firstSessionOf.has(e.visitorId)) firstSessionOf.set(e.visitorId, e.sessionId);
      let f = facts.get(e.sessionId);
      if (!f) {
        f = { sessionId: e.sessionId, visitorId: e.visitorId, day: this.day(e.at), startedAt: e.at, endedAt: e.at, pageviews: 0, interacted: false, bot: true, isNew: false };
        facts.set(e.sessionId, f);
      }
      f.endedAt = e.at;
      if (e.type === 'page_view') f.pageviews += 1;
      if (INTERACTIONS.has(e.type)) f.interacted = true;
      if (!e.bot) f.bot = false;
    }
    for (const f of facts.values()) f.isNew = firstSessionOf.get(f.visitorId) === f.sessionId;
    return [...facts.values()];
  }

  day(at: number): string {
    return localDay(at, this.tz);
  }

  /**
   * Conversions that count. Non-bot page views and conversion events only, in time order;
   * each needs the visitor's latest non-bot play started at most 30 x 24 h before it (and not
   * after it); dedup keys (visitor, rule, session) and orderId are taken only by conversions
   * that count. Independent of includeBots: the definition itself excludes bots.
   */
  private computeConversions(): ConversionFact[] {
    const human = this.events.filter((e) => !e.bot);
    const plays = new Map<string, PlayFact>();
    for (const e of human) {
      if (e.type !== 'video_play') continue;
      const known = plays.get(e.playId);
      if (!known || e.at < known.at) {
        plays.set(e.playId, { playId: e.playId, sessionId: e.sessionId, at: e.at, day: '', videoId: e.videoId, slotId: e.slotId, visitorId: e.visitorId });
      }
    }
    const playsOf = new Map<string, PlayFact[]>();
    for (const p of plays.values()) {
      let list = playsOf.get(p.visitorId);
      if (!list) playsOf.set(p.visitorId, (list = []));
      list.push(p);
    }
    const windowMs = this.scenario.conversionWindowDays * DAY_MS;
    const latestPlay = (visitorId: string, at: number): PlayFact | undefined => {
      let best: PlayFact | undefined;
      for (const p of playsOf.get(visitorId) ?? []) if (p.at <= at && (!best || p.at > best.at)) best = p;
      return best && at - best.at <= windowMs ? best : undefined;
    };

    const candidates = human.filter((e) => isRuleCandidate(e) || e.type === 'conversion').sort(byTime);
    const ruleKeys = new Set<string>();
    const orderKeys = new Set<string>();
    const out: ConversionFact[] = [];
    for (const e of candidates) {
      const play = latestPlay(e.visitorId, e.at);
      if (!play) continue;
      const base = { eventId: e.id, sessionId: e.sessionId, at: e.at, day: this.day(e.at), visitorId: e.visitorId, videoId: play.videoId, slotId: play.slotId, playId: play.playId };
      if (e.type !== 'conversion') {
        for (const rule of this.scenario.rules) {
          if (!ruleMatchesEvent(rule, e)) continue;
          const key = `${e.visitorId}|${rule.name}|${e.sessionId}`;
          if (ruleKeys.has(key)) continue;
          ruleKeys.add(key);
          out.push({ ...base, kind: 'rule', rule: rule.name, goal: rule.name, currency: null, value: 0 });
        }
      } else {
        if (e.orderId !== undefined) {
          if (orderKeys.has(e.orderId)) continue;
          orderKeys.add(e.orderId);
        }
        out.push({
          ...base,
          kind: 'explicit',
          goal: e.conversionType,
          currency: e.value === undefined ? null : (e.currency ?? null),
          value: e.value === undefined ? 0 : Math.round(e.value * VALUE_SCALE),
        });
      }
    }
    return out;
  }

  private factsFor(includeBots: boolean, filter?: SessionFilter): Facts {
    const cacheKey = `${includeBots}|${filter?.key ?? ''}`;
    const cached = this.facts.get(cacheKey);
    if (cached) return cached;
    const keep = (sessionId: string) => filter === undefined || filter.keep(sessionId);
    const events = this.events.filter((e) => includeBots || !e.bot);
    const byDay = new Map<string, DayBucket>();
    const bucket = (day: string): DayBucket => {
      let b = byDay.get(day);
      if (!b) byDay.set(day, (b = emptyBucket()));
      return b;
    };
    const plays = new Map<string, PlayFact>();
    const milestones = new Map<string, { at: number } & MilestoneFact>();
    for (const e of events) {
      const day = this.day(e.at);
      if (keep(e.sessionId)) bucket(day).events.push(e);
      if (e.type === 'video_play') {
        const known = plays.get(e.playId);
        if (!known || e.at < known.at) plays.set(e.playId, { playId: e.playId, sessionId: e.sessionId, at: e.at, day, videoId: e.videoId, slotId: e.slotId, visitorId: e.visitorId });
      } else if (e.type === 'video_progress') {
        const key = `${e.playId}|${e.percent}`;
        const known = milestones.get(key);
        const sessionId = this.playSessions.get(e.playId) ?? NO_SESSION;
        if (!known || e.at < known.at) milestones.set(key, { at: e.at, playId: e.playId, sessionId, day, percent: e.percent, videoId: e.videoId, slotId: e.slotId });
      }
    }
    for (const p of plays.values()) if (keep(p.sessionId)) bucket(p.day).plays.push(p);
    for (const m of milestones.values()) if (keep(m.sessionId)) bucket(m.day).milestones.push(m);
    for (const c of this.conversions) if (keep(c.sessionId)) bucket(c.day).conversions.push(c);
    for (const f of this.sessions) if ((includeBots || !f.bot) && keep(f.sessionId)) bucket(f.day).sessions.push(f);
    const facts = { byDay };
    this.facts.set(cacheKey, facts);
    return facts;
  }

  /** Every play (earliest video_play decides day, video and slot), for checks of intent. */
  plays(includeBots = false): PlayFact[] {
    return [...this.factsFor(includeBots).byDay.values()].flatMap((b) => b.plays);
  }

  /** Every first milestone (playId, N) with its day. */
  milestones(includeBots = false): MilestoneFact[] {
    return [...this.factsFor(includeBots).byDay.values()].flatMap((b) => b.milestones);
  }

  private buckets(from: string, to: string, includeBots: boolean, filter?: SessionFilter): DayBucket[] {
    const f = this.factsFor(includeBots, filter);
    return dayRange(from, to).map((d) => f.byDay.get(d) ?? emptyBucket());
  }

  /** Project figures over a range of the kept sessions only (one breakdown value, or several together). */
  totalsOf(from: string, to: string, includeBots: boolean, filter: SessionFilter): OverviewMetrics {
    return this.overviewMetrics(this.buckets(from, to, includeBots, filter));
  }

  /** Video figures over a range of the kept sessions and the videos in scope. */
  videoTotalsOf(from: string, to: string, includeBots: boolean, filter: SessionFilter, scope: Scope): VideoMetrics {
    return this.videoMetrics(this.buckets(from, to, includeBots, filter), scope);
  }

  /** Whether the kept sessions have anything in range: a session start, an event, a play, a milestone or a conversion. */
  hasAny(from: string, to: string, includeBots: boolean, filter: SessionFilter): boolean {
    return this.buckets(from, to, includeBots, filter).some((b) => b.sessions.length + b.events.length + b.plays.length + b.milestones.length + b.conversions.length > 0);
  }

  /** The videos the kept sessions have any video figure of in range (a play, a milestone, a video event, a conversion). */
  videosOf(from: string, to: string, includeBots: boolean, filter: SessionFilter): Set<string> {
    const ids = new Set<string>();
    for (const b of this.buckets(from, to, includeBots, filter)) {
      for (const p of b.plays) ids.add(p.videoId);
      for (const m of b.milestones) ids.add(m.videoId);
      for (const c of b.conversions) ids.add(c.videoId);
      for (const e of b.events) if ('videoId' in e && e.videoId !== undefined) ids.add(e.videoId);
    }
    return ids;
  }

  private videoMetrics(buckets: DayBucket[], scope: Scope): VideoMetrics {
    let plays = 0;
    let impressions = 0;
    let opens = 0;
    const viewers = new Set<string>();
    const reach = { 25: 0, 50: 0, 75: 0, 100: 0 };
    let watchSeconds = 0;
    const clicks = { cta: 0, detail: 0, choice: 0 };
    let conversions = 0;
    const converters = new Set<string>();
    let value = 0;
    for (const b of buckets) {
      for (const p of b.plays) {
        if (!inScope(scope, p.videoId, p.slotId)) continue;
        plays += 1;
        viewers.add(p.visitorId);
      }
      for (const m of b.milestones) if (inScope(scope, m.videoId, m.slotId)) reach[m.percent] += 1;
      for (const e of b.events) {
        if (e.type === 'video_time' && inScope(scope, e.videoId, e.slotId)) watchSeconds += e.seconds;
        if (e.type === 'click' && inScope(scope, e.videoId, e.slotId)) clicks[e.target] += 1;
        // Only an impression or open that names its video counts for one.
        if ((e.type === 'impression' || e.type === 'widget_open') && e.videoId !== undefined && inScope(scope, e.videoId, e.slotId)) {
          if (e.type === 'impression') impressions += 1;
          else opens += 1;
        }
      }
      for (const c of b.conversions) {
        if (!inScope(scope, c.videoId, c.slotId)) continue;
        conversions += 1;
        converters.add(c.visitorId);
        if (c.currency === this.scenario.currency) value += c.value;
      }
    }
    return {
      impressions,
      opens,
      interactions: clicks.cta + clicks.detail + clicks.choice,
      plays,
      viewers: viewers.size,
      reach25: reach[25],
      reach50: reach[50],
      reach75: reach[75],
      reach100: reach[100],
      watchSeconds,
      ctaClicks: clicks.cta,
      detailClicks: clicks.detail,
      choiceClicks: clicks.choice,
      conversions,
      converters: converters.size,
      conversionValue: value / VALUE_SCALE,
      playRate: ratio(plays, opens),
      completionRate: ratio(reach[100], plays),
      ctr: ratio(clicks.cta, plays),
      cvr: ratio(converters.size, viewers.size),
      avgWatchSeconds: ratio(watchSeconds, plays),
    };
  }

  private overviewMetrics(buckets: DayBucket[]): OverviewMetrics {
    let impressions = 0;
    let opens = 0;
    let formSubmits = 0;
    const openers = new Set<string>();
    const visitors = new Set<string>();
    let pageviews = 0;
    const s = { sessions: 0, bounces: 0, seconds: 0, pages: 0, fresh: 0 };
    const other = new Map<string, number>();
    for (const b of buckets) {
      for (const f of b.sessions) {
        s.sessions += 1;
        if (f.pageviews <= 1 && !f.interacted) s.bounces += 1;
        s.seconds += (f.endedAt - f.startedAt) / 1000;
        s.pages += f.pageviews;
        if (f.isNew) s.fresh += 1;
      }
      for (const e of b.events) {
        visitors.add(e.visitorId);
        if (e.type === 'page_view') pageviews += 1;
        if (e.type === 'impression') impressions += 1;
        if (e.type === 'widget_open') {
          opens += 1;
          openers.add(e.visitorId);
        }
        if (e.type === 'form_submit') formSubmits += 1;
      }
      for (const c of b.conversions) {
        if (c.currency !== null && c.currency !== this.scenario.currency) other.set(c.currency, (other.get(c.currency) ?? 0) + c.value);
      }
    }
    const v = this.videoMetrics(buckets, {});
    const otherCurrencies: Record<string, number> = {};
    for (const code of [...other.keys()].sort()) otherCurrencies[code] = other.get(code)! / VALUE_SCALE;
    return {
      impressions,
      opens,
      openers: openers.size,
      interactions: opens + v.interactions + formSubmits,
      visitors: visitors.size,
      pageviews,
      sessions: s.sessions,
      bounces: s.bounces,
      sessionSeconds: s.seconds,
      sessionPages: s.pages,
      newSessions: s.fresh,
      returningSessions: s.sessions - s.fresh,
      plays: v.plays,
      viewers: v.viewers,
      reach25: v.reach25,
      reach50: v.reach50,
      reach75: v.reach75,
      reach100: v.reach100,
      watchSeconds: v.watchSeconds,
      ctaClicks: v.ctaClicks,
      detailClicks: v.detailClicks,
      choiceClicks: v.choiceClicks,
      conversions: v.conversions,
      converters: v.converters,
      conversionValue: v.conversionValue,
      otherCurrencies,
      playRate: ratio(v.plays, opens),
      completionRate: v.completionRate,
      ctr: v.ctr,
      cvr: v.cvr,
      avgWatchSeconds: v.avgWatchSeconds,
      bounceRate: ratio(s.bounces, s.sessions),
      avgSessionSeconds: ratio(s.seconds, s.sessions),
      pagesPerSession: ratio(s.pages, s.sessions),
    };
  }

  overview(from: string, to: string, includeBots = false): OverviewBody {
    const buckets = this.buckets(from, to, includeBots);
    return {
      timezone: this.scenario.timezone,
      from,
      to,
      currency: this.scenario.currency,
      totals: this.overviewMetrics(buckets),
      series: dayRange(from, to).map((date, i) => ({ date, ...this.overviewMetrics([buckets[i]!]) })),
    };
  }

  videos(from: string, to: string, includeBots = false): VideosBody {
    const buckets = this.buckets(from, to, includeBots);
    const slotsOf = new Map<string, Set<string>>();
    const see = (videoId: string, slotId: string) => {
      let s = slotsOf.get(videoId);
      if (!s) slotsOf.set(videoId, (s = new Set()));
      s.add(slotId);
    };
    for (const b of buckets) {
      for (const p of b.plays) see(p.videoId, p.slotId);
      for (const m of b.milestones) see(m.videoId, m.slotId);
      for (const c of b.conversions) see(c.videoId, c.slotId);
      for (const e of b.events) if (e.type === 'video_time' || e.type === 'click') see(e.videoId, e.slotId);
      for (const e of b.events) if ((e.type === 'impression' || e.type === 'widget_open') && e.videoId !== undefined && e.slotId !== undefined) see(e.videoId, e.slotId);
    }
    const titles = new Map(this.scenario.videos.map((v) => [v.videoId, v.title]));
    const videos: VideoRow[] = [...slotsOf.keys()].sort().map((videoId) => ({
      videoId,
      title: titles.get(videoId) ?? null,
      ...this.videoMetrics(buckets, { videoId }),
      slots: [...slotsOf.get(videoId)!].sort().map((slotId): SlotRow => ({ slotId, ...this.videoMetrics(buckets, { videoId, slotId }) })),
    }));
    return { videos };
  }

  /** All pages with an open in range, by opens (then visitors, then key); `limit` cuts, `other` sums the rest. */
  pages(from: string, to: string, includeBots = false, limit = 100): PagesBody {
    const opens = new Map<string, { opens: number; visitors: Set<string> }>();
    for (const b of this.buckets(from, to, includeBots)) {
      for (const e of b.events) {
        if (e.type !== 'widget_open') continue;
        const key = pageKeyOf(e.url);
        let row = opens.get(key);
        if (!row) opens.set(key, (row = { opens: 0, visitors: new Set() }));
        row.opens += 1;
        row.visitors.add(e.visitorId);
      }
    }
    const rows = [...opens.entries()].sort(([ka, a], [kb, b]) => b.opens - a.opens || b.visitors.size - a.visitors.size || (ka < kb ? -1 : 1));
    const pages: PageRow[] = rows.slice(0, limit).map(([url, r]) => ({ url, opens: r.opens, visitors: r.visitors.size }));
    const rest = rows.slice(limit);
    const restVisitors = new Set<string>();
    for (const [, r] of rest) for (const v of r.visitors) restVisitors.add(v);
    return { pages, other: { opens: rest.reduce((s, [, r]) => s + r.opens, 0), visitors: restVisitors.size } };
  }

  /**
   * Counted conversions per goal (`rule|<name>` or `event|<type>`) with their value in the project
   * currency, and per (video, slot) of the attributed play (`<video>|<slot>`), by conversions, then
   * value, then the pair: at most 20 listed, the rest summed under `(rest)`.
   */
  goals(from: string, to: string, includeBots = false): GoalRowExpected[] {
    const goals = new Map<string, { conversions: number; value: number; pairs: Map<string, { conversions: number; value: number }> }>();
    for (const b of this.buckets(from, to, includeBots)) {
      for (const c of b.conversions) {
        const key = `${c.kind === 'rule' ? 'rule' : 'event'}|${c.goal}`;
        const g = goals.get(key) ?? { conversions: 0, value: 0, pairs: new Map<string, { conversions: number; value: number }>() };
        const value = c.currency === this.scenario.currency ? c.value : 0;
        g.conversions += 1;
        g.value += value;
        const pair = `${c.videoId}|${c.slotId}`;
        const p = g.pairs.get(pair) ?? { conversions: 0, value: 0 };
        p.conversions += 1;
        p.value += value;
        g.pairs.set(pair, p);
        goals.set(key, g);
      }
    }
    return [...goals].map(([key, g]) => {
      const pairs = [...g.pairs]
        .map(([pair, p]) => ({ pair, conversions: p.conversions, value: p.value }))
        .sort((x, y) => y.conversions - x.conversions || y.value - x.value || (x.pair < y.pair ? -1 : 1));
      const rest = pairs.slice(20);
      const listed = pairs.slice(0, 20);
      if (rest.length > 0) listed.push({ pair: '(rest)', conversions: rest.reduce((n, p) => n + p.conversions, 0), value: rest.reduce((n, p) => n + p.value, 0) });
      return { key, conversions: g.conversions, value: g.value / VALUE_SCALE, videos: listed.map((p) => ({ ...p, value: p.value / VALUE_SCALE })) };
    });
  }

  /** Clicks per `<video>|<slot>|<target>|<label>`, a missing or empty label as `(none)`. */
  clicks(from: string, to: string, includeBots = false): { key: string; clicks: number }[] {
    const counts = new Map<string, number>();
    for (const b of this.buckets(from, to, includeBots)) {
      for (const e of b.events) {
        if (e.type !== 'click') continue;
        const key = `${e.videoId}|${e.slotId}|${e.target}|${e.label === undefined || e.label === '' ? '(none)' : e.label}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return [...counts].map(([key, clicks]) => ({ key, clicks }));
  }

  /** `custom` events per name. */
  customEvents(from: string, to: string, includeBots = false): { name: string; events: number }[] {
    const counts = new Map<string, number>();
    for (const b of this.buckets(from, to, includeBots)) for (const e of b.events) if (e.type === 'custom') counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    return [...counts].map(([name, events]) => ({ name, events }));
  }

  transitions(from: string, to: string, includeBots = false): TransitionsBody {
    const counts = new Map<string, TransitionRow>();
    for (const b of this.buckets(from, to, includeBots)) {
      for (const e of b.events) {
        if (e.type !== 'click' || e.target !== 'choice' || e.toSlotId === undefined) continue;
        const key = `${e.slotId}\u0000${e.toSlotId}`;
        const row = counts.get(key) ?? { fromSlotId: e.slotId, toSlotId: e.toSlotId, count: 0, fromSlotChoices: 0, share: 0 };
        row.count += 1;
        counts.set(key, row);
      }
    }
    const choicesFrom = new Map<string, number>();
    for (const r of counts.values()) choicesFrom.set(r.fromSlotId, (choicesFrom.get(r.fromSlotId) ?? 0) + r.count);
    for (const r of counts.values()) {
      r.fromSlotChoices = choicesFrom.get(r.fromSlotId)!;
      r.share = Math.round((r.count / r.fromSlotChoices) * 10_000) / 10_000;
    }
    return { transitions: [...counts.values()].sort((a, b) => b.count - a.count || (a.fromSlotId + a.toSlotId < b.fromSlotId + b.toSlotId ? -1 : 1)) };
  }

  /** The site answers' own oracle, over the same stored events and sessions. */
  site(): ExpectedSite {
    this.siteOracle ??= new ExpectedSite(this.tz, this.events, this.sessions);
    return this.siteOracle;
  }

  /** Distinct visitors over every non-bot (or any) event whose day lies in the range. */
  sumOfDailyVisitors(from: string, to: string, includeBots = false): number {
    return this.overview(from, to, includeBots).series.reduce((s, d) => s + d.visitors, 0);
  }
}
