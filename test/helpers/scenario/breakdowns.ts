import { IPAD_AS_MAC, BOT_AGENTS, HUMAN_AGENTS, placeKey } from './generate.js';
import { NO_SESSION, type ExpectedStats, type SessionFilter } from './expected.js';
import { referrerSource } from './referrers.js';
import { TEST_IPS } from '../geoDatabases.js';
import type { ClientPlace, OverviewMetrics, ScenarioEvent, VideoMetrics } from './types.js';

/**
 * The breakdown answers (sources, campaigns, devices?by, locations?by, videos?by) computed in
 * plain TypeScript from the posted events and the requests that carried them, following
 * docs/architecture.md "Breakdowns" literally: every figure is filed under the values of ITS
 * SESSION, read from the session's entry event (the earliest page view, else the earliest
 * event; ties by event id). Events count under their own session, plays and milestones under
 * the play's, conversions under the goal's. Shares no code with the rollup, the registry or the
 * stats API; the figures themselves are ExpectedStats' over the sessions of one value.
 */

const NONE = '(none)';

/**
 * What the product's user agent parser (ua-parser-js) reports for each agent the generator
 * sends, written down once by hand: a fixed table per agent string, as a person reads them.
 * Desktops are the ones with a desktop OS; an agent with no OS is `other`.
 */
const AGENTS: Readonly<Record<string, { device: string; browser: string | null; os: string | null }>> = {
  [HUMAN_AGENTS[0]]: { device: 'desktop', browser: 'Chrome', os: 'Mac OS' },
  [HUMAN_AGENTS[1]]: { device: 'mobile', browser: 'Mobile Safari', os: 'iOS' },
  [HUMAN_AGENTS[2]]: { device: 'desktop', browser: 'Firefox', os: 'Windows' },
  [HUMAN_AGENTS[3]]: { device: 'mobile', browser: 'Chrome', os: 'Android' },
  [HUMAN_AGENTS[4]]: { device: 'desktop', browser: 'Edge', os: 'Windows' },
  [IPAD_AS_MAC]: { device: 'desktop', browser: 'Safari', os: 'Mac OS' },
  [BOT_AGENTS[0]]: { device: 'other', browser: null, os: null },
  [BOT_AGENTS[1]]: { device: 'desktop', browser: 'Chrome Headless', os: 'Linux' },
  [BOT_AGENTS[2]]: { device: 'other', browser: null, os: null },
};

interface Place {
  country: string | null;
  region: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

const nowhere: Place = { country: null, region: null, city: null, latitude: null, longitude: null };
const lyon: Place = { country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', latitude: 45.75, longitude: 4.85 };
const osaka: Place = { country: 'JP', region: 'Ōsaka', city: 'Osaka', latitude: 34.69, longitude: 135.5 };
const country = (code: string): Place => ({ ...nowhere, country: code });

/**
 * The place of each client of the generator, from the test databases' records (a city's first
 * subdivision, English names, coordinates to 2 decimals; the country database fills in where
 * the city one has no entry) and the proxy header: the header's country wins, and when it
 * differs from the address's, region and city go with it.
 */
const PLACES: Readonly<Record<string, Place>> = {
  [placeKey({ ip: TEST_IPS.lyon })]: lyon,
  [placeKey({ ip: TEST_IPS.osaka })]: osaka,
  [placeKey({ ip: TEST_IPS.countryOnly })]: country('DE'),
  [placeKey({ ip: TEST_IPS.bare })]: country('NL'),
  [placeKey({ ip: TEST_IPS.unknown })]: nowhere,
  [placeKey({ countryHeader: 'US' })]: country('US'),
  [placeKey({ ip: TEST_IPS.lyon, countryHeader: 'FR' })]: lyon,
  [placeKey({ ip: TEST_IPS.osaka, countryHeader: 'KR' })]: country('KR'),
  [placeKey({})]: nowhere,
};

/** A session's values, from its entry event. */
interface SessionValues {
  source: string | null;
  platform: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  place: Place;
}

const NO_VALUES: SessionValues = {
  source: null,
  platform: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  device: null,
  browser: null,
  os: null,
  place: nowhere,
};

interface Dim {
  fields: readonly string[];
  values(s: SessionValues): readonly (string | null)[];
  /** Rows carry the coordinates of their sessions' place. */
  place?: boolean;
}

const DIMS = {
  source: { fields: ['source'], values: (s) => [s.source] },
  platform: { fields: ['source', 'platform'], values: (s) => [s.source, s.platform] },
  campaign: { fields: ['source', 'medium', 'campaign'], values: (s) => [s.utmSource, s.utmMedium, s.utmCampaign] },
  device: { fields: ['value'], values: (s) => [s.device] },
  browser: { fields: ['value'], values: (s) => [s.browser] },
  os: { fields: ['value'], values: (s) => [s.os] },
  country: { fields: ['country'], values: (s) => [s.place.country] },
  region: { fields: ['country', 'region'], values: (s) => [s.place.country, s.place.region] },
  city: { fields: ['country', 'region', 'city'], values: (s) => [s.place.country, s.place.region, s.place.city], place: true },
} as const satisfies Record<string, Dim>;

export type DimName = keyof typeof DIMS;

/** A value's key: its fields, missing ones as (none), joined with a separator no field holds. */
const SEP = '\u001f';
const keyOf = (fields: readonly (string | null)[]) => fields.map((f) => (f === null || f === '' ? NONE : f)).join(SEP);

function utmOf(url: string | undefined): Pick<SessionValues, 'utmSource' | 'utmMedium' | 'utmCampaign'> {
  const out = { utmSource: null as string | null, utmMedium: null as string | null, utmCampaign: null as string | null };
  if (url === undefined) return out;
  // The first non-empty value of each tag, its name in any case.
  for (const [k, v] of new URL(url).searchParams) {
    const name = k.toLowerCase();
    if (v === '') continue;
    if (name === 'utm_source') out.utmSource ??= v;
    if (name === 'utm_medium') out.utmMedium ??= v;
    if (name === 'utm_campaign') out.utmCampaign ??= v;
  }
  return out;
}

function entryOrder(a: ScenarioEvent, b: ScenarioEvent): number {
  const rank = (e: ScenarioEvent) => (e.type === 'page_view' ? 0 : 1);
  return rank(a) - rank(b) || a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

type Figures = Omit<OverviewMetrics, 'otherCurrencies'>;

function projectFigures(m: OverviewMetrics): Figures {
  const { otherCurrencies: _other, ...rest } = m;
  return rest;
}

export class ExpectedBreakdowns {
  private readonly values = new Map<string, SessionValues>();

  constructor(private readonly x: ExpectedStats) {
    const client = new Map<string, { userAgent: string; place: ClientPlace }>();
    for (const p of x.scenario.posts) if (!p.duplicate) for (const e of p.events) client.set(e.id, { userAgent: p.userAgent, place: p.place });
    const entries = new Map<string, ScenarioEvent>();
    for (const e of x.events) {
      const known = entries.get(e.sessionId);
      if (!known || entryOrder(e, known) < 0) entries.set(e.sessionId, e);
    }
    for (const [sessionId, e] of entries) {
      // A Segment visitor's messages all describe one client; derived video events are dated at them.
      const c = client.get(e.id) ?? x.scenario.segment?.clients[e.visitorId];
      if (!c) throw new Error(`no request carried event ${e.id}`);
      const agent = AGENTS[c.userAgent];
      if (!agent) throw new Error(`no expected device for agent ${c.userAgent}`);
      const place = PLACES[placeKey(c.place)];
      if (!place) throw new Error(`no expected place for ${placeKey(c.place)}`);
      const referrer = e.type === 'page_view' ? referrerSource(e.referrer, e.url) : null;
      // A Mac with more than one touch point is an iPad.
      const device = agent.os === 'Mac OS' && (e.touchPoints ?? 0) > 1 ? 'tablet' : agent.device;
      this.values.set(sessionId, {
        source: referrer?.source ?? null,
        platform: referrer?.platform ?? null,
        ...utmOf('url' in e ? e.url : undefined),
        device,
        browser: agent.browser,
        os: agent.os,
        place,
      });
    }
  }

  /** A session's source class, device or country as its entry event gave it; null when it said nothing. */
  sessionAttribute(by: 'source' | 'device' | 'country', sessionId: string): string | null {
    const s = this.values.get(sessionId);
    if (!s) return null;
    return by === 'country' ? s.place.country : s[by];
  }

  private valueOf(dim: DimName, sessionId: string): string {
    const s = sessionId === NO_SESSION ? NO_VALUES : (this.values.get(sessionId) ?? NO_VALUES);
    return keyOf(DIMS[dim].values(s));
  }

  private filter(dim: DimName, keys: readonly string[]): SessionFilter {
    const set = new Set(keys);
    return { key: `${dim}|${[...set].sort().join('|')}`, keep: (sessionId) => set.has(this.valueOf(dim, sessionId)) };
  }

  private allValues(dim: DimName): string[] {
    const all = new Set<string>([keyOf(DIMS[dim].values(NO_VALUES))]);
    for (const id of this.values.keys()) all.add(this.valueOf(dim, id));
    return [...all];
  }

  private fields(dim: DimName, key: string): Record<string, string> {
    const parts = key.split(SEP);
    return Object.fromEntries(DIMS[dim].fields.map((f, i) => [f, parts[i]!]));
  }

  /** One dimension's rows (every value with anything in range) by sessions then value; `limit` cuts, the rest is `other`. */
  list(dim: DimName, from: string, to: string, includeBots: boolean, limit = 100): { rows: Record<string, unknown>[]; other: Figures | null } {
    const found = this.allValues(dim)
      .filter((v) => this.x.hasAny(from, to, includeBots, this.filter(dim, [v])))
      .map((v) => ({ v, figures: projectFigures(this.x.totalsOf(from, to, includeBots, this.filter(dim, [v]))) }))
      .sort((a, b) => b.figures.sessions - a.figures.sessions || (a.v < b.v ? -1 : a.v > b.v ? 1 : 0));
    const place = 'place' in DIMS[dim];
    const rows = found.slice(0, limit).map(({ v, figures }) => ({ ...this.fields(dim, v), ...(place ? this.coordinates(v) : {}), ...figures }));
    const rest = found.slice(limit).map((r) => r.v);
    return { rows, other: rest.length === 0 ? null : projectFigures(this.x.totalsOf(from, to, includeBots, this.filter(dim, rest))) };
  }

  /** A place's coordinates (every session of a city has the same). */
  private coordinates(key: string): { latitude: number | null; longitude: number | null } {
    const place = Object.values(PLACES).find((p) => keyOf([p.country, p.region, p.city]) === key);
    return { latitude: place?.latitude ?? null, longitude: place?.longitude ?? null };
  }

  private range(from: string, to: string) {
    return { timezone: this.x.scenario.timezone, from, to };
  }

  sources(from: string, to: string, includeBots: boolean, limit?: number) {
    const { rows, other } = this.list('platform', from, to, includeBots, limit);
    return { ...this.range(from, to), sources: rows, other };
  }

  campaigns(from: string, to: string, includeBots: boolean, limit?: number) {
    const { rows, other } = this.list('campaign', from, to, includeBots, limit);
    return { ...this.range(from, to), campaigns: rows, other };
  }

  devices(by: 'device' | 'browser' | 'os', from: string, to: string, includeBots: boolean, limit?: number) {
    const { rows, other } = this.list(by, from, to, includeBots, limit);
    return { ...this.range(from, to), by, devices: rows, other };
  }

  locations(by: 'country' | 'region' | 'city', from: string, to: string, includeBots: boolean, limit?: number) {
    const { rows, other } = this.list(by, from, to, includeBots, limit);
    return { ...this.range(from, to), by, locations: rows, other };
  }

  /**
   * videos?by: the values with any video figure in range by plays then value, each with its
   * videos by plays then id; `limit` cuts both, the rest of a group's videos and the values
   * past the limit (all their videos) together.
   */
  videos(by: 'source' | 'campaign' | 'device' | 'country', from: string, to: string, includeBots: boolean, limit = 100) {
    const x = this.x;
    const titles = new Map(x.scenario.videos.map((v) => [v.videoId, v.title]));
    const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const groups = this.allValues(by)
      .map((v) => {
        const filter = this.filter(by, [v]);
        const videos = [...x.videosOf(from, to, includeBots, filter)]
          .map((videoId) => ({ videoId, figures: x.videoTotalsOf(from, to, includeBots, filter, { videoId }) }))
          .sort((a, b) => b.figures.plays - a.figures.plays || byId(a.videoId, b.videoId));
        return { v, filter, videos, plays: videos.reduce((n, r) => n + r.figures.plays, 0) };
      })
      .filter((g) => g.videos.length > 0)
      .sort((a, b) => b.plays - a.plays || byId(a.v, b.v));
    const rest = groups.slice(limit).map((g) => g.v);
    return {
      ...this.range(from, to),
      currency: x.scenario.currency,
      by,
      groups: groups.slice(0, limit).map((g) => {
        const past = g.videos.slice(limit).map((r) => r.videoId);
        return {
          ...this.fields(by, g.v),
          videos: g.videos.slice(0, limit).map((r) => ({ videoId: r.videoId, title: titles.get(r.videoId) ?? null, ...r.figures })),
          other: past.length === 0 ? null : x.videoTotalsOf(from, to, includeBots, g.filter, { videoIds: new Set(past) }),
        };
      }),
      other: rest.length === 0 ? null : (x.videoTotalsOf(from, to, includeBots, this.filter(by, rest), {}) satisfies VideoMetrics),
    };
  }
}
