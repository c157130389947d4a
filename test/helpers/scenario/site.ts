import { dayRange, localDay } from './time.js';
import type { OverviewBody, ScenarioEvent } from './types.js';

/**
 * The site answers computed in plain TypeScript from the stored events, following the
 * definitions literally (docs/architecture.md, "Site figures"); shares no code with the rollup
 * or the stats API. Sessions come from ExpectedStats (start day, bot only when every event is).
 */

const DAY_MS = 86_400_000;

export interface SiteSources {
  direct: number;
  search: number;
  social: number;
  referral: number;
}

export interface SiteRow {
  visitors: number;
  sessions: number;
  pageviews: number;
  bounces: number;
  bounceRate: number | null;
  avgSessionSeconds: number | null;
  pagesPerSession: number | null;
  newSessions: number;
  returningSessions: number;
  openers: number;
  interactions: number;
  sources: SiteSources;
}

export interface SitePageRow {
  url?: string;
  views: number;
  visitors: number;
  sessions: number;
  entries: number;
  exits: number;
  exitRate: number | null;
  avgTimeOnPageSeconds: number | null;
  medianTimeOnPageSeconds: number | null;
  opens: number;
  openRate: number | null;
  openers: number;
  interactions: number;
}

export interface SiteSession {
  sessionId: string;
  day: string;
  bot: boolean;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

function keyOf(raw: string): string {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/**
 * The source class of a landing page view's referrer, from the scenario's own short list: none,
 * or the page's own site (the same host but for a leading www.), is direct; another subdomain
 * (blog.shop.example from shop.example) is a referral.
 */
function sourceOf(referrer: string | undefined, pageUrl: string): keyof SiteSources {
  if (referrer === undefined || referrer === '') return 'direct';
  const host = new URL(referrer).hostname;
  const bare = (h: string) => h.replace(/^www\./, '');
  if (bare(host) === bare(new URL(pageUrl).hostname)) return 'direct';
  if (host.endsWith('google.com')) return 'search';
  if (host === 't.co') return 'social';
  return 'referral';
}

/** The bucket lower bound (whole seconds) of a time: 1 s < 60 s, 5 s < 10 min, 60 s < 1 h, 10 min above. */
function bucket(ms: number): number {
  const s = Math.floor(ms / 1000);
  const width = s < 60 ? 1 : s < 600 ? 5 : s < 3600 ? 60 : 600;
  return s - (s % width);
}

/** Events in time order; at one instant a page view comes before what follows it, then by id. */
function ordered(a: ScenarioEvent, b: ScenarioEvent): number {
  const pv = (e: ScenarioEvent) => (e.type === 'page_view' ? 0 : 1);
  return a.at - b.at || pv(a) - pv(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

interface ViewFact {
  event: ScenarioEvent & { type: 'page_view' };
  key: string;
  day: string;
  timeMs: number | null;
}

interface SessionPages {
  day: string;
  bot: boolean;
  entry: string | null;
  exit: string | null;
  source: keyof SiteSources | null;
}

export class ExpectedSite {
  private readonly views: ViewFact[] = [];
  private readonly sessionPages = new Map<string, SessionPages>();

  constructor(
    private readonly tz: string,
    readonly events: readonly ScenarioEvent[],
    sessions: readonly SiteSession[],
  ) {
    const bySession = new Map<string, ScenarioEvent[]>();
    for (const e of events) {
      const list = bySession.get(e.sessionId) ?? [];
      list.push(e);
      bySession.set(e.sessionId, list);
    }
    const info = new Map(sessions.map((s) => [s.sessionId, s]));
    for (const [sessionId, list] of bySession) {
      list.sort(ordered);
      const views = list.filter((e): e is ScenarioEvent & { type: 'page_view' } => e.type === 'page_view');
      const s = info.get(sessionId)!;
      const first = views[0];
      const last = [...views].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))[0];
      this.sessionPages.set(sessionId, {
        day: s.day,
        bot: s.bot,
        entry: first ? keyOf(first.url) : null,
        exit: last ? keyOf(last.url) : null,
        source: first ? sourceOf(first.referrer, first.url) : null,
      });
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        if (e.type !== 'page_view') continue;
        const key = keyOf(e.url);
        let timeMs: number | null = null;
        for (let j = i + 1; j < list.length; j++) {
          const n = list[j]!;
          if (n.type === 'page_view') {
            timeMs = Math.min(n.at - e.at, DAY_MS);
            break;
          }
          if (n.type === 'page_exit' && n.timeOnPageMs !== undefined && keyOf(n.url) === key) {
            timeMs = Math.min(Math.max(n.timeOnPageMs, 0), DAY_MS);
            break;
          }
        }
        this.views.push({ event: e, key, day: localDay(e.at, tz), timeMs });
      }
    }
  }

  /** The site answer (interval=day) from the overview's figures plus sources per class. */
  site(overview: OverviewBody, includeBots: boolean) {
    const pick = (m: OverviewBody['totals'], days: readonly string[]): SiteRow => ({
      visitors: m.visitors,
      sessions: m.sessions,
      pageviews: m.pageviews,
      bounces: m.bounces,
      bounceRate: m.bounceRate,
      avgSessionSeconds: m.avgSessionSeconds,
      pagesPerSession: m.pagesPerSession,
      newSessions: m.newSessions,
      returningSessions: m.returningSessions,
      openers: m.openers,
      interactions: m.interactions,
      sources: this.sources(days, includeBots),
    });
    return {
      timezone: overview.timezone,
      from: overview.from,
      to: overview.to,
      interval: 'day',
      totals: pick(overview.totals, dayRange(overview.from, overview.to)),
      series: overview.series.map((d) => ({ date: d.date, ...pick(d, [d.date]) })),
    };
  }

  private sources(days: readonly string[], includeBots: boolean): SiteSources {
    const set = new Set(days);
    const out: SiteSources = { direct: 0, search: 0, social: 0, referral: 0 };
    for (const s of this.sessionPages.values()) {
      if (!set.has(s.day) || (s.bot && !includeBots) || s.source === null) continue;
      out[s.source] += 1;
    }
    return out;
  }

  /** site/pages: every page with a figure in range, by views then url; `limit` cuts, the rest is `other`. */
  pages(from: string, to: string, includeBots: boolean, limit = 100): { pages: SitePageRow[]; other: SitePageRow | null } {
    const days = new Set(dayRange(from, to));
    interface Acc {
      views: number;
      visitors: Set<string>;
      sessions: Set<string>;
      entries: number;
      exits: number;
      times: number[];
      opens: number;
      openers: Set<string>;
      interactions: number;
    }
    const rows = new Map<string, Acc>();
    const row = (key: string): Acc => {
      let r = rows.get(key);
      if (!r) rows.set(key, (r = { views: 0, visitors: new Set(), sessions: new Set(), entries: 0, exits: 0, times: [], opens: 0, openers: new Set(), interactions: 0 }));
      return r;
    };
    for (const v of this.views) {
      if (!days.has(v.day) || (v.event.bot && !includeBots)) continue;
      const r = row(v.key);
      r.views += 1;
      r.visitors.add(v.event.visitorId);
      r.sessions.add(v.event.sessionId);
      if (v.timeMs !== null) r.times.push(v.timeMs);
    }
    for (const e of this.events) {
      if (!days.has(localDay(e.at, this.tz)) || (e.bot && !includeBots)) continue;
      if (e.type !== 'widget_open' && e.type !== 'click' && e.type !== 'form_submit') continue;
      const url = 'url' in e && typeof e.url === 'string' ? e.url : undefined;
      if (url === undefined) continue;
      const r = row(keyOf(url));
      r.interactions += 1;
      if (e.type === 'widget_open') {
        r.opens += 1;
        r.openers.add(e.visitorId);
      }
    }
    for (const s of this.sessionPages.values()) {
      if (!days.has(s.day) || (s.bot && !includeBots)) continue;
      if (s.entry !== null) row(s.entry).entries += 1;
      if (s.exit !== null) row(s.exit).exits += 1;
    }
    const sorted = [...rows.entries()].sort(([ka, a], [kb, b]) => b.views - a.views || (ka < kb ? -1 : ka > kb ? 1 : 0));
    const figures = (list: readonly Acc[]): SitePageRow => {
      const views = list.reduce((n, r) => n + r.views, 0);
      const exits = list.reduce((n, r) => n + r.exits, 0);
      const opens = list.reduce((n, r) => n + r.opens, 0);
      const times = list.flatMap((r) => r.times);
      const union = (f: (r: Acc) => Set<string>) => new Set(list.flatMap((r) => [...f(r)])).size;
      const buckets = times.map(bucket).sort((a, b) => a - b);
      return {
        views,
        visitors: union((r) => r.visitors),
        sessions: union((r) => r.sessions),
        entries: list.reduce((n, r) => n + r.entries, 0),
        exits,
        exitRate: ratio(exits, views),
        avgTimeOnPageSeconds: times.length === 0 ? null : times.reduce((a, b) => a + b, 0) / 1000 / times.length,
        medianTimeOnPageSeconds: buckets.length === 0 ? null : buckets[Math.ceil(buckets.length / 2) - 1]!,
        opens,
        openRate: ratio(opens, views),
        openers: union((r) => r.openers),
        interactions: list.reduce((n, r) => n + r.interactions, 0),
      };
    };
    const pages = sorted.slice(0, limit).map(([url, r]) => ({ url, ...figures([r]) }));
    const rest = sorted.slice(limit).map(([, r]) => r);
    return { pages, other: rest.length === 0 ? null : figures(rest) };
  }
}
