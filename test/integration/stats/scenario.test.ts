import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { startWeb, type WebServer } from '../../../api/server.js';
import { initOrm } from '../../../shared/db/orm.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { cityDb, countryDb } from '../../helpers/geoDatabases.js';
import { ExpectedBreakdowns } from '../../helpers/scenario/breakdowns.js';
import { ADDITIVE, close, diff, diffGoals, diffKeyedRows, diffPages, diffTransitions } from '../../helpers/scenario/compare.js';
import { ExpectedStats } from '../../helpers/scenario/expected.js';
import { generateScenario } from '../../helpers/scenario/generate.js';
import { isDerived, withVideoSpecPlays } from '../../helpers/scenario/segmentDerive.js';
import { addHoldout } from '../../helpers/scenario/holdoutEvents.js';
import { bucketOf } from '../../helpers/scenario/holdoutMath.js';
import { expectedHoldout } from '../../helpers/scenario/upliftHoldout.js';
import { expectedUplift } from '../../helpers/scenario/uplift.js';
import { expectedFunnel, SCENARIO_FUNNELS, type FunnelBy } from '../../helpers/scenario/funnels.js';
import { expectedVideoFunnel } from '../../helpers/scenario/videoFunnel.js';
import { expectedAudienceRetention } from '../../helpers/scenario/audienceRetention.js';
import { expectedPlayback } from '../../helpers/scenario/playback.js';
import { addDays, dayRange } from '../../helpers/scenario/time.js';
import type { Scenario } from '../../helpers/scenario/types.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { Driver, skewedIds, waitUntilStored } from './driver.js';

/**
 * A generated scenario for two projects (Asia/Tokyo and America/New_York, the latter around
 * its most recent DST change in the ingest window: 2026-11-01 when run in late November 2026;
 * 2026-03-08 is older than the 90-day window) goes through the real API, a worker and the
 * rollups; every figure of every stats endpoint is compared with an independent computation
 * (test/helpers/scenario/expected.ts, site.ts, breakdowns.ts). Visitors come from several places
 * (a trusted proxy hop, test country and city databases, a country header), so the breakdowns by
 * place have values. A second phase posts late events, rolls up only the days marked dirty and
 * compares again.
 */

interface Spec {
  key: string;
  name: string;
  seed: number;
  timezone: string;
  currency: string;
  foreign: string[];
  japanese: boolean;
  /** The project's holdoutPercent, set through the admin API before any event is posted. */
  holdoutPercent: number;
}

const SPECS: Spec[] = [
  { key: 'tokyo', name: 'Tokyo shop', seed: 20261123, timezone: 'Asia/Tokyo', currency: 'JPY', foreign: ['USD', 'EUR'], japanese: true, holdoutPercent: 10 },
  { key: 'newyork', name: 'New York shop', seed: 1101, timezone: 'America/New_York', currency: 'USD', foreign: ['EUR', 'GBP'], japanese: false, holdoutPercent: 20 },
];

interface Live {
  spec: Spec;
  scenario: Scenario;
  project: CreatedProject;
  /** The saved funnels' ids, in SCENARIO_FUNNELS order. */
  funnelIds: string[];
}

interface Range {
  name: string;
  from: string;
  to: string;
}

function mark(s: Scenario, key: string): string {
  const day = s.marks[key];
  if (day === undefined) throw new Error(`scenario has no mark ${key}`);
  return day;
}

function rangesOf(s: Scenario): Range[] {
  const ranges: Range[] = [
    { name: 'full range', from: s.firstDay, to: s.lastDay },
    { name: 'two weeks', from: mark(s, 'rules'), to: addDays(mark(s, 'rules'), 13) },
    { name: 'session across midnight', from: mark(s, 'midnight'), to: addDays(mark(s, 'midnight'), 1) },
    { name: 'one day (events at exact midnight)', from: mark(s, 'exactMidnight'), to: mark(s, 'exactMidnight') },
    { name: 'late-event days', from: mark(s, 'lateTakeover'), to: mark(s, 'lateMove') },
    { name: 'a late landing and the next day', from: mark(s, 'lateLanding'), to: addDays(mark(s, 'lateLanding'), 1) },
    { name: 'window edge day', from: mark(s, 'windowEdge'), to: mark(s, 'windowEdge') },
    { name: 'before any data', from: addDays(s.firstDay, -6), to: addDays(s.firstDay, -1) },
  ];
  if (s.dstDay) {
    ranges.push({ name: `DST day ${s.dstDay}`, from: s.dstDay, to: s.dstDay });
    ranges.push({ name: 'around the DST change', from: addDays(s.dstDay, -1), to: addDays(s.dstDay, 1) });
  }
  return ranges;
}

/** The first limit from 3 with no tie in opens across the cut, so "top N" is well defined. */
function untiedLimit(x: ExpectedStats, from: string, to: string, includeBots: boolean): number | undefined {
  const all = x.pages(from, to, includeBots, 1000).pages;
  for (let n = 3; n < all.length; n++) if (all[n - 1]!.opens !== all[n]!.opens) return n;
  return undefined;
}

const breakdownOracles = new WeakMap<ExpectedStats, ExpectedBreakdowns>();
function breakdownsOf(x: ExpectedStats): ExpectedBreakdowns {
  let b = breakdownOracles.get(x);
  if (!b) breakdownOracles.set(x, (b = new ExpectedBreakdowns(x)));
  return b;
}

/** Every breakdown endpoint (each `by`) over one range, optionally with a limit. */
async function compareBreakdowns(driver: Driver, key: string, x: ExpectedStats, q: Record<string, string>, includeBots: boolean, out: string[]): Promise<void> {
  const b = breakdownsOf(x);
  const limit = q.limit === undefined ? undefined : Number(q.limit);
  const one = async (endpoint: string, expected: unknown, extra: Record<string, string> = {}) => {
    const local: string[] = [];
    diff(expected, await driver.stats(key, endpoint, { ...q, ...extra }), '', local);
    const shown = Object.keys(extra).length === 0 ? endpoint : `${endpoint}?${new URLSearchParams(extra).toString()}`;
    out.push(...local.map((l) => `${shown} ${l}`));
  };
  const { from, to } = q as { from: string; to: string };
  await one('sources', b.sources(from, to, includeBots, limit));
  await one('campaigns', b.campaigns(from, to, includeBots, limit));
  for (const by of ['device', 'browser', 'os'] as const) await one('devices', b.devices(by, from, to, includeBots, limit), { by });
  for (const by of ['country', 'region', 'city'] as const) await one('locations', b.locations(by, from, to, includeBots, limit), { by });
  for (const by of ['source', 'campaign', 'device', 'country'] as const) await one('videos', b.videos(by, from, to, includeBots, limit), { by });
}

/** Every saved funnel over one range, whole and split by each session attribute. */
async function compareFunnels(driver: Driver, live: Live, x: ExpectedStats, q: { from: string; to: string }, includeBots: boolean, out: string[]): Promise<void> {
  const b = breakdownsOf(x);
  for (const [i, f] of SCENARIO_FUNNELS.entries()) {
    for (const by of [undefined, 'source', 'device', 'country'] as (FunnelBy | undefined)[]) {
      const local: string[] = [];
      const extra: Record<string, string> = by === undefined ? {} : { by };
      const actual = (await driver.stats(live.project.readKey, `funnels/${live.funnelIds[i]!}`, { ...q, ...extra })) as Record<string, unknown>;
      // The head names the saved funnel; every figure below it is compared.
      const { funnel: _head, ...figures } = actual;
      diff(expectedFunnel(x, b, f, q.from, q.to, includeBots, by), figures, '', local);
      out.push(...local.map((l) => `${f.name}${by === undefined ? '' : ` by=${by}`} ${l}`));
    }
  }
}

/** Queries every endpoint over every range and lists every figure that differs. */
async function compareAll(driver: Driver, live: Live, x: ExpectedStats, includeBots: boolean): Promise<string[]> {
  const out: string[] = [];
  const key = live.project.readKey;
  const bots: Record<string, string> = includeBots ? { includeBots: 'true' } : {};
  for (const r of rangesOf(live.scenario)) {
    const q = { from: r.from, to: r.to, ...bots };
    const tag = (endpoint: string) => (line: string) => `[${r.name} ${r.from}..${r.to}] ${endpoint} ${line}`;
    const local: string[] = [];
    diff(x.overview(r.from, r.to, includeBots), await driver.stats(key, 'overview', q), '', local);
    out.push(...local.splice(0).map(tag('overview')));
    const videos = await driver.stats(key, 'videos', q);
    const expVideos = x.videos(r.from, r.to, includeBots).videos as unknown as Record<string, unknown>[];
    diffKeyedRows(expVideos, (videos as { videos?: unknown }).videos, 'videoId', 'videos', local, { key: 'slotId', field: 'slots' });
    out.push(...local.splice(0).map(tag('videos')));
    diffPages(x.pages(r.from, r.to, includeBots), await driver.stats(key, 'pages', q), local);
    out.push(...local.splice(0).map(tag('pages')));
    diffTransitions(x.transitions(r.from, r.to, includeBots).transitions, await driver.stats(key, 'transitions', q), local);
    out.push(...local.splice(0).map(tag('transitions')));
    const all = { ...q, limit: '1000' };
    diffGoals(x.goals(r.from, r.to, includeBots) as unknown as Record<string, unknown>[], await driver.stats(key, 'goals', all), local);
    out.push(...local.splice(0).map(tag('goals')));
    const clicks = (await driver.stats(key, 'clicks', all)) as { clicks?: Record<string, unknown>[] };
    const clickRows = (clicks.clicks ?? []).map((c) => ({ key: `${String(c.videoId)}|${String(c.slotId)}|${String(c.target)}|${String(c.label)}`, clicks: c.clicks }));
    diffKeyedRows(x.clicks(r.from, r.to, includeBots), clickRows, 'key', 'clicks', local);
    out.push(...local.splice(0).map(tag('clicks')));
    diffKeyedRows(x.customEvents(r.from, r.to, includeBots), ((await driver.stats(key, 'custom-events', all)) as { events?: unknown }).events, 'name', 'events', local);
    out.push(...local.splice(0).map(tag('custom-events')));
    const site = x.site();
    diff(site.site(x.overview(r.from, r.to, includeBots), includeBots), await driver.stats(key, 'site', q), '', local);
    out.push(...local.splice(0).map(tag('site')));
    diff({ timezone: live.scenario.timezone, from: r.from, to: r.to, ...site.pages(r.from, r.to, includeBots) }, await driver.stats(key, 'site/pages', q), '', local);
    out.push(...local.splice(0).map(tag('site/pages')));
    await compareBreakdowns(driver, key, x, q, includeBots, local);
    out.push(...local.splice(0).map(tag('breakdown')));
    // Top level: the range and the notes are the answer's own; every figure below is compared.
    const uplift = (await driver.stats(key, 'uplift', q)) as { holdout?: { note?: unknown } | null };
    if (typeof uplift.holdout?.note === 'string') delete uplift.holdout.note;
    diff(expectedUplift(x, r.from, r.to, includeBots), uplift, '', local, { extraKeys: false });
    out.push(...local.splice(0).map(tag('uplift')));
    await compareFunnels(driver, live, x, q, includeBots, local);
    out.push(...local.splice(0).map(tag('funnels')));
    diff(expectedVideoFunnel(x, r.from, r.to, includeBots), await driver.stats(key, 'video-funnel', all), '', local, { extraKeys: false });
    out.push(...local.splice(0).map(tag('video-funnel')));
    for (const videoId of expVideos.map((v) => String(v.videoId))) {
      const answer = (await driver.stats(key, 'audience-retention', { ...q, videoId })) as { plays: number; seconds: { watched: number; views: number }[]; dropOff: unknown };
      const got = { plays: answer.plays, watched: answer.seconds.map((p) => p.watched), views: answer.seconds.map((p) => p.views), dropOff: answer.dropOff };
      diff(expectedAudienceRetention(x, videoId, r.from, r.to, includeBots), got, '', local);
      out.push(...local.splice(0).map(tag(`audience-retention?videoId=${videoId}`)));
    }
    // Top level: the range is the answer's own; every row (in order), other and total are compared.
    diff(expectedPlayback(x.events, (at) => x.day(at), r.from, r.to, includeBots), await driver.stats(key, 'playback', all), '', local, { extraKeys: false });
    out.push(...local.splice(0).map(tag('playback')));
  }
  {
    // Limits below the value counts: the rest folds into other (videos?by: the groups' videos too).
    const local: string[] = [];
    await compareBreakdowns(driver, key, x, { from: live.scenario.firstDay, to: live.scenario.lastDay, limit: '2', ...bots }, includeBots, local);
    out.push(...local.map((l) => `[full range, limit=2] ${l}`));
  }
  {
    // A limit below the (video, slot) pairs: the rest fold into other, with its rates from its sums.
    const local: string[] = [];
    const range = { from: live.scenario.firstDay, to: live.scenario.lastDay };
    diff(expectedPlayback(x.events, (at) => x.day(at), range.from, range.to, includeBots, 2), await driver.stats(key, 'playback', { ...range, limit: '2', ...bots }), '', local, { extraKeys: false });
    out.push(...local.map((l) => `[full range, limit=2] playback ${l}`));
  }
  {
    // A limit below the page count: the rest folds into other, distinct figures and the median over the union.
    const local: string[] = [];
    const site = x.site();
    const range = { from: live.scenario.firstDay, to: live.scenario.lastDay };
    diff({ timezone: live.scenario.timezone, ...range, ...site.pages(range.from, range.to, includeBots, 3) }, await driver.stats(key, 'site/pages', { ...range, limit: '3', ...bots }), '', local);
    out.push(...local.map((l) => `[full range, limit=3] site/pages ${l}`));
  }
  const s = live.scenario;
  const limit = untiedLimit(x, s.firstDay, s.lastDay, includeBots);
  if (limit !== undefined) {
    const local: string[] = [];
    diffPages(x.pages(s.firstDay, s.lastDay, includeBots, limit), await driver.stats(key, 'pages', { from: s.firstDay, to: s.lastDay, limit: String(limit), ...bots }), local);
    out.push(...local.map((l) => `[full range, limit=${limit}] pages ${l}`));
  }
  return out;
}

/** Sets the project's holdoutPercent and reads its salt as the tracker does. */
async function holdoutSalt(driver: Driver, l: Live): Promise<string> {
  await driver.admin(l.project.adminKey, 'PATCH', '/project', { holdoutPercent: l.spec.holdoutPercent });
  const res = await fetch(`${driver.baseUrl}/v1/tracker/settings?key=${l.project.writeKey}`);
  const settings = (await res.json()) as { holdoutPercent?: unknown; holdoutSalt?: unknown };
  if (settings.holdoutPercent !== l.spec.holdoutPercent || typeof settings.holdoutSalt !== 'string') throw new Error(`tracker settings: ${res.status} ${JSON.stringify(settings)}`);
  return settings.holdoutSalt;
}

function assertNoDiffs(what: string, diffs: string[]): void {
  if (diffs.length === 0) return;
  const shown = diffs.slice(0, 80).join('\n  ');
  expect.fail(`${what}: ${diffs.length} figure(s) differ from the independent computation:\n  ${shown}${diffs.length > 80 ? '\n  …' : ''}`);
}

/** Every day of a range, rolled up a few at a time through the worker's rollupDay. */
async function rollUp(t: TestEnv, projectId: string, days: readonly string[]): Promise<void> {
  let next = 0;
  const one = async () => {
    while (next < days.length) await rollupDay(t.pool, projectId, days[next++]!);
  };
  await Promise.all([one(), one(), one()]);
}

async function dirtyDays(t: TestEnv, projectId: string): Promise<string[]> {
  const { rows } = await t.pool.query<{ day: string }>(`select to_char(day, 'YYYY-MM-DD') as day from dirty_days where project_id = $1 order by day`, [projectId]);
  return rows.map((r) => r.day);
}

/** Every figure of a day that a late event may change (any endpoint but site, which follows from these). */
function dayFigures(x: ExpectedStats, d: string, b: boolean): string {
  const k = breakdownsOf(x);
  return JSON.stringify([
    x.overview(d, d, b),
    x.videos(d, d, b),
    x.pages(d, d, b),
    x.transitions(d, d, b),
    k.sources(d, d, b),
    k.campaigns(d, d, b),
    k.devices('device', d, d, b),
    k.locations('city', d, d, b),
    k.videos('source', d, d, b),
  ]);
}

/** Local days whose figures (any endpoint, bots in or out) differ between two expectations. */
function changedDays(before: ExpectedStats, after: ExpectedStats, days: readonly string[]): string[] {
  return days.filter((d) => [false, true].some((b) => dayFigures(before, d, b) !== dayFigures(after, d, b)));
}

// Minimal shapes for the consistency checks (the figures themselves are compared above).
const Additive = z.object(Object.fromEntries(ADDITIVE.map((k) => [k, z.number()])) as Record<(typeof ADDITIVE)[number], z.ZodNumber>);
const Day = Additive.extend({ impressions: z.number(), opens: z.number(), visitors: z.number(), sessions: z.number(), viewers: z.number() });
const Overview = z.object({ totals: Day, series: z.array(Day) });
const Videos = z.object({ videos: z.array(Additive.extend({ videoId: z.string(), viewers: z.number(), slots: z.array(Additive.extend({ slotId: z.string(), viewers: z.number() })) })) });
const Pages = z.object({ pages: z.array(z.object({ url: z.string(), opens: z.number(), visitors: z.number() })), other: z.object({ opens: z.number(), visitors: z.number() }).nullable() });
const Transitions = z.object({ transitions: z.array(z.object({ count: z.number() })) });

describe('stats over a generated scenario (API -> queue -> worker -> rollups -> stats)', function () {
  this.timeout(120_000);
  let t: TestEnv;
  let web: WebServer;
  let worker: RunningWorker;
  let driver: Driver;
  let geoDir: string;
  const lives: Live[] = [];
  const expected1 = new Map<string, ExpectedStats>();
  const expected2 = new Map<string, ExpectedStats>();
  const dirtyAfterFirstRollup = new Map<string, string[]>();
  const dirtyAfterLate = new Map<string, string[]>();

  const live = (key: string): Live => {
    const l = lives.find((x) => x.spec.key === key);
    if (!l) throw new Error(`set-up failed for ${key}`);
    return l;
  };

  before(async function () {
    const started = Date.now();
    const now = Date.now();
    // Places as behind a proxy: the client address from X-Forwarded-For, looked up in the test
    // databases, and the proxy's country header (the generator's PLACES).
    geoDir = mkdtempSync(join(tmpdir(), 'cp-scenario-geo-'));
    writeFileSync(join(geoDir, 'city.mmdb'), cityDb());
    writeFileSync(join(geoDir, 'country.mmdb'), countryDb());
    t = await createTestEnv({
      PORT: '0',
      TRUST_PROXY_HOPS: '1',
      GEO_COUNTRY_HEADER: 'CF-IPCountry',
      GEOIP_CITY_DB: join(geoDir, 'city.mmdb'),
      GEOIP_COUNTRY_DB: join(geoDir, 'country.mmdb'),
    });
    const orm = await initOrm(t.config);
    try {
      for (const spec of SPECS) {
        const project = await createProject(orm.em.fork(), { name: spec.name, timezone: spec.timezone, currency: spec.currency, allowedOrigins: ['https://shop.example'] });
        const scenario = generateScenario({
          name: spec.key,
          seed: spec.seed,
          timezone: spec.timezone,
          currency: spec.currency,
          foreignCurrencies: spec.foreign,
          now,
          japaneseTitles: spec.japanese,
          projectId: project.projectId,
        });
        lives.push({ spec, scenario, project, funnelIds: [] });
      }
    } finally {
      await orm.close();
    }
    web = await startWeb(t.config, silentLog);
    worker = await startWorker(t.config, silentLog);
    driver = new Driver(web.url);
    for (const l of lives) await driver.setUpCatalog(l.project.adminKey, l.scenario);
    for (const l of lives) for (const f of SCENARIO_FUNNELS) l.funnelIds.push(await driver.createFunnel(l.project.adminKey, f));
    // The salt is drawn when the project is created: the holdout events are chosen once it is known.
    for (const l of lives) addHoldout(l.scenario, await holdoutSalt(driver, l), l.spec.holdoutPercent);
    // The config cache learns of new projects at start; they were created before startWeb.

    await Promise.all(lives.map((l) => driver.postAll(l.project.writeKey, l.scenario, 1)));
    for (const l of lives) {
      // A play sent through Segment's Video Spec counts what its signals stored so far derive to.
      const phase1 = withVideoSpecPlays(l.scenario.events.filter((e) => e.phase === 1));
      await waitUntilStored(t.config, t.pool, l.project.projectId, phase1, skewedIds(l.scenario));
      expected1.set(l.spec.key, new ExpectedStats(l.scenario, phase1));
      expected2.set(l.spec.key, new ExpectedStats(l.scenario, withVideoSpecPlays(l.scenario.events)));
    }
    const stored = Date.now();
    for (const l of lives) {
      await rollUp(t, l.project.projectId, dayRange(l.scenario.firstDay, l.scenario.lastDay));
      dirtyAfterFirstRollup.set(l.spec.key, await dirtyDays(t, l.project.projectId));
    }
    const summary = lives.map((l) => {
      const s = l.scenario;
      const visitors = new Set(s.events.map((e) => e.visitorId)).size;
      const posted = s.posts.reduce((n, p) => n + p.events.length, 0);
      const late = s.events.filter((e) => e.phase === 2).length;
      const segment = s.segment ? `, ${s.segment.batches.reduce((n, b) => n + b.messages.length, 0)} Segment messages in ${s.segment.batches.length} batches` : '';
      return `${s.timezone}: ${visitors} visitors, ${s.events.length} events (${late} late; ${posted} posted in ${s.posts.length} requests${segment}), ${dayRange(s.firstDay, s.lastDay).length} days ${s.firstDay}..${s.lastDay}${s.dstDay ? `, DST ${s.dstDay}` : ''}`;
    });
    console.log(`      scenario: ${summary.join('; ')}; stored in ${((stored - started) / 1000).toFixed(1)} s, rolled up in ${((Date.now() - stored) / 1000).toFixed(1)} s`);
  });

  after(async () => {
    await worker.close();
    await web.close();
    await t.cleanup();
    rmSync(geoDir, { recursive: true, force: true });
  });

  for (const spec of SPECS) {
    describe(spec.timezone, () => {
      it('every endpoint matches over the full range and sub-ranges (bots excluded)', async () => {
        const l = live(spec.key);
        assertNoDiffs(spec.timezone, await compareAll(driver, l, expected1.get(spec.key)!, false));
      });

      it('every endpoint matches with includeBots=true', async () => {
        const l = live(spec.key);
        assertNoDiffs(`${spec.timezone} includeBots`, await compareAll(driver, l, expected1.get(spec.key)!, true));
      });

      it('additive figures add up (slot -> video -> project, pages, transitions, days); distinct ones are not sums', async () => {
        const l = live(spec.key);
        const s = l.scenario;
        const q = { from: s.firstDay, to: s.lastDay };
        const overview = Overview.parse(await driver.stats(l.project.readKey, 'overview', q));
        const videos = Videos.parse(await driver.stats(l.project.readKey, 'videos', q));
        const pages = Pages.parse(await driver.stats(l.project.readKey, 'pages', q));
        const transitions = Transitions.parse(await driver.stats(l.project.readKey, 'transitions', q));
        const problems: string[] = [];
        const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);
        for (const k of ADDITIVE) {
          for (const v of videos.videos) {
            if (!close(sum(v.slots, (r) => r[k]), v[k])) problems.push(`video ${v.videoId}: sum of slots' ${k} ${sum(v.slots, (r) => r[k])} != ${v[k]}`);
          }
          if (!close(sum(videos.videos, (r) => r[k]), overview.totals[k])) problems.push(`sum of videos' ${k} ${sum(videos.videos, (r) => r[k])} != overview ${overview.totals[k]}`);
          if (!close(sum(overview.series, (r) => r[k]), overview.totals[k])) problems.push(`sum of days' ${k} != total`);
        }
        for (const k of ['impressions', 'opens'] as const) {
          if (sum(overview.series, (r) => r[k]) !== overview.totals[k]) problems.push(`sum of days' ${k} != total`);
        }
        if (sum(pages.pages, (r) => r.opens) + (pages.other?.opens ?? 0) !== overview.totals.opens) problems.push('pages opens (with other) != overview opens');
        if (sum(transitions.transitions, (r) => r.count) !== overview.totals.choiceClicks) problems.push('transitions != choiceClicks');
        const dailyVisitors = sum(overview.series, (r) => r.visitors);
        if (!(overview.totals.visitors < dailyVisitors)) problems.push(`range visitors ${overview.totals.visitors} not below the sum of daily visitors ${dailyVisitors}`);
        // A session counts once, on its start day, even when it spans midnight.
        if (overview.totals.sessions !== sum(overview.series, (r) => r.sessions)) problems.push('range sessions != the sum of daily sessions');
        if (!(overview.totals.viewers < sum(overview.series, (r) => r.viewers))) problems.push('range viewers not below the sum of daily viewers');
        if (!(overview.totals.viewers < sum(videos.videos, (r) => r.viewers))) problems.push('project viewers not below the sum of video viewers');
        expect(problems, problems.join('\n')).to.deep.equal([]);
        // The scenario must exercise the distinction: the independent figures say the same.
        const x = expected1.get(spec.key)!;
        expect(x.overview(s.firstDay, s.lastDay).totals.visitors).to.be.below(x.sumOfDailyVisitors(s.firstDay, s.lastDay));
      });

      it('the first rollup cleared every dirty mark', () => {
        expect(dirtyAfterFirstRollup.get(spec.key)).to.deep.equal([]);
      });

      it('playback and the holdout have something to compare: stalls, failures, exits, startup times; held-out visitors, converting; claims not counted', () => {
        const s = live(spec.key).scenario;
        const x = expected1.get(spec.key)!;
        const { total } = expectedPlayback(x.events, (at) => x.day(at), s.firstDay, s.lastDay, false);
        const shown = JSON.stringify(total);
        for (const k of ['rebufferCount', 'playbackFailures', 'startupFailures', 'exitsBeforeStart'] as const) expect(total[k], shown).to.be.above(2);
        expect(total.startupTimes, shown).to.be.above(50);
        expect(total.startupP95Ms! - total.startupP50Ms!, shown).to.be.above(500);
        expect(x.events.some((e) => e.type === 'video_error' && !e.fatal)).to.equal(true);
        const h = s.holdout!;
        const block = (bots: boolean) => expectedHoldout(x, s.firstDay, s.lastDay, bots) as { exposed: { visitors: number }; heldOut: { visitors: number; converters: number } };
        const humans = block(false);
        expect(humans.heldOut.visitors, JSON.stringify(humans)).to.be.above(8);
        expect(humans.heldOut.converters, JSON.stringify(humans)).to.be.above(2);
        expect(humans.exposed.visitors, JSON.stringify(humans)).to.be.above(100);
        expect(block(true).heldOut.visitors, 'the held-out bot counts with includeBots').to.equal(humans.heldOut.visitors + 1);
        // Intent: a claim in each case, and each visitor's bucket on the side the case needs.
        const claimed = new Set(x.events.filter((e) => e.type === 'holdout').map((e) => e.visitorId));
        for (const v of [h.raised, h.exposed, h.forged, h.bot]) expect(claimed.has(v), v).to.equal(true);
        expect(x.events.some((e) => e.type === 'impression' && e.visitorId === h.raised)).to.equal(true);
        expect(bucketOf(h.salt, h.raised)).to.be.below(h.percent);
        expect(bucketOf(h.salt, h.exposed)).to.be.at.least(h.percent);
      });

      it('the Segment traffic has something to compare: Video Spec plays with milestones, stalls and ends, campaigns, orders, a late signal that changes a play', () => {
        const l = live(spec.key);
        const x1 = expected1.get(spec.key)!;
        const x2 = expected2.get(spec.key)!;
        const fromSegment = new Set(l.scenario.events.filter((e) => l.scenario.segment?.clients[e.visitorId] !== undefined).map((e) => e.visitorId));
        const derived = (x: ExpectedStats, type: string) => x.events.filter((e) => isDerived(e) && e.type === type && !e.bot);
        expect(derived(x1, 'video_play').length, 'plays').to.be.above(20);
        expect(derived(x1, 'video_play').filter((e) => e.type === 'video_play' && e.startupMs !== undefined).length, 'startup times').to.be.above(15);
        for (const type of ['video_progress', 'video_stall', 'video_end', 'video_seek', 'video_pause']) expect(derived(x1, type).length, type).to.be.above(2);
        expect(derived(x1, 'video_progress').filter((e) => e.type === 'video_progress' && e.percent === 100).length, 'completions').to.be.above(2);
        const campaigned = x1.events.filter((e) => e.type === 'page_view' && fromSegment.has(e.visitorId) && e.url.includes('utm_'));
        expect(campaigned.length, 'page views with campaign tags from context.campaign').to.be.above(2);
        expect(x1.conversions.filter((c) => fromSegment.has(c.visitorId) && c.kind === 'explicit').length, 'counted orders').to.be.above(2);
        // Late signals change what some plays derive to (a moved first frame, a split stretch).
        const shown = (x: ExpectedStats) => new Set(x.events.filter(isDerived).map((e) => `${e.type}|${e.at}|${JSON.stringify(e)}`));
        const before = shown(x1);
        expect([...shown(x2)].filter((k) => !before.has(k)).length, 'derived events changed by late signals').to.be.above(3);
      });

      it('every saved funnel has units at each step and loses some on the way, so its comparison is not empty', () => {
        const l = live(spec.key);
        const x = expected1.get(spec.key)!;
        for (const f of SCENARIO_FUNNELS) {
          const counts = expectedFunnel(x, breakdownsOf(x), f, l.scenario.firstDay, l.scenario.lastDay, false).steps!.map((s) => s.count);
          expect(Math.min(...counts), `${f.name}: ${counts.join(', ')}`).to.be.greaterThan(0);
          expect(counts[counts.length - 1], `${f.name}: ${counts.join(', ')}`).to.be.lessThan(counts[0]!);
        }
      });
    });
  }

  describe('late events (a second phase posted after the first rollup)', () => {
    before(async function () {
      await Promise.all(lives.map((l) => driver.postAll(l.project.writeKey, l.scenario, 2)));
      for (const l of lives) {
        await waitUntilStored(t.config, t.pool, l.project.projectId, expected2.get(l.spec.key)!.events, skewedIds(l.scenario));
        const dirty = await dirtyDays(t, l.project.projectId);
        dirtyAfterLate.set(l.spec.key, dirty);
        // Only the days marked dirty are rolled up again.
        for (const day of dirty) await rollupDay(t.pool, l.project.projectId, day);
      }
    });

    for (const spec of SPECS) {
      describe(spec.timezone, () => {
        it('every day whose figures the late events change was marked dirty', () => {
          const l = live(spec.key);
          const s = l.scenario;
          const changed = changedDays(expected1.get(spec.key)!, expected2.get(spec.key)!, dayRange(s.firstDay, s.lastDay));
          const dirty = new Set(dirtyAfterLate.get(spec.key));
          expect(changed.length, 'the late phase changes some days').to.be.above(3);
          expect(changed.filter((d) => !dirty.has(d)), `changed days not marked dirty (dirty: ${[...dirty].join(', ')})`).to.deep.equal([]);
        });

        it('after rolling up the dirty days only, every endpoint matches (bots excluded and included)', async () => {
          const l = live(spec.key);
          const x = expected2.get(spec.key)!;
          const diffs = [...(await compareAll(driver, l, x, false)), ...(await compareAll(driver, l, x, true)).map((d) => `includeBots ${d}`)];
          assertNoDiffs(`${spec.timezone} after late events`, diffs);
        });
      });
    }
  });
});
