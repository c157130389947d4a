import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startWeb, type WebServer } from '../../../api/server.js';
import { initOrm } from '../../../shared/db/orm.js';
import { additiveAt } from '../../../shared/metrics/levels.js';
import { createProject, type CreatedProject } from '../../../shared/projects/createProject.js';
import { DEFAULT_DAY_CAPS } from '../../../shared/rollup/dayCaps.js';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import { spawnRole, stopRole, waitFor } from '../../helpers/processes.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
/** iPadOS Safari sends a Mac user agent; only its touch points tell it apart. */
const IPAD_AS_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const CURL = 'curl/8.5.0';
const SHOP = 'https://shop.example';

type Json = Record<string, unknown>;

/**
 * Breakdowns through the real API, worker process and rollup: seven visits of known source,
 * campaign, device and country, then every breakdown endpoint against figures computed by hand.
 */
describe('stats: breakdowns by source, campaign, device and place, end to end', function () {
  this.timeout(90_000);
  let t: TestEnv;
  let web: WebServer;
  let worker: ChildProcess;
  let project: CreatedProject;
  let day: string;

  async function post(events: Json[], ua: string, country?: string): Promise<void> {
    const res = await fetch(`${web.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': ua, ...(country ? { 'cf-ipcountry': country } : {}) },
      body: JSON.stringify({ key: project.writeKey, events }),
    });
    expect(res.status, await res.text()).to.equal(202);
  }

  async function get(path: string): Promise<Json> {
    const res = await fetch(`${web.url}/v1/stats/${path}${path.includes('?') ? '&' : '?'}from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${project.readKey}` },
    });
    expect(res.status, path).to.equal(200);
    return (await res.json()) as Json;
  }

  let sent = 0;
  const now = Date.now() - 120_000;
  /** One visit: its own visitor and session, events a second apart in order. */
  function visit(events: Json[], hints: Json = {}): Json[] {
    const visitorId = randomUUID();
    const sessionId = randomUUID();
    sent += events.length;
    return events.map((e, i) => ({ id: randomUUID(), visitorId, sessionId, ts: now + i * 1000, ...hints, ...e }));
  }
  const page = (url: string, referrer?: string): Json => ({ type: 'page_view', url, ...(referrer ? { referrer } : {}) });
  const play = (videoId: string): Json => ({ type: 'video_play', videoId, slotId: 'hero', playId: randomUUID() });

  before(async () => {
    t = await createTestEnv({ PORT: '0', GEO_COUNTRY_HEADER: 'CF-IPCountry' });
    const orm = await initOrm(t.config);
    project = await createProject(orm.em.fork(), { name: 'Shop', timezone: 'UTC', allowedOrigins: [SHOP] });
    await orm.close();
    web = await startWeb(t.config, silentLog);
    worker = spawnRole('worker/main.ts', t.env);
    day = new Date(now).toISOString().slice(0, 10);

    // direct (no referrer), desktop, DE; an impression that does not make it more than one view.
    await post(visit([page(`${SHOP}/`), { type: 'impression', url: `${SHOP}/` }]), CHROME, 'DE');
    // an internal referrer is direct too.
    await post(visit([page(`${SHOP}/a`, `${SHOP}/`)]), CHROME, 'DE');
    // search (google) on an iPhone, FR: plays intro, then buys (attributed to that play).
    await post(visit([page(`${SHOP}/b`, 'https://www.google.com/'), play('intro'), { type: 'conversion', conversionType: 'purchase' }]), IPHONE, 'FR');
    // social (facebook) on an iPad that claims to be a Mac, US: plays intro.
    await post(visit([page(`${SHOP}/c`, 'https://www.facebook.com/'), play('intro')], { touchPoints: 5, screenWidth: 820, screenHeight: 1180, language: 'ja-JP' }), IPAD_AS_MAC, 'US');
    // social (x, through t.co), desktop, US.
    await post(visit([page(`${SHOP}/d`, 'https://t.co/abc')]), CHROME, 'US');
    // referral with a campaign on the entry page, then a second page with other tags; no country.
    await post(
      visit([page(`${SHOP}/e?utm_source=news&utm_medium=email&utm_campaign=spring`, 'https://blog.example.org/post'), page(`${SHOP}/f?utm_source=other`), play('intro'), play('outro')]),
      CHROME,
    );
    // a bot from google: left out unless asked for.
    await post(visit([page(`${SHOP}/g`, 'https://www.google.com/'), play('intro')]), CURL, 'DE');

    await waitFor(
      async () => (Number((await t.pool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n) === sent ? true : undefined),
      30_000,
      'every event stored',
    );
    await rollupDay(t.pool, project.projectId, day);
  });
  after(async () => {
    await stopRole(worker);
    await web.close();
    await t.cleanup();
  });

  const pick = (rows: unknown, fields: readonly string[]) => (rows as Json[]).map((r) => Object.fromEntries(fields.map((f) => [f, r[f]])));

  it('when sessions come from five kinds of referrer then sources lists each class and platform by sessions, internal counted as direct', async () => {
    const answer = await get('sources');
    expect(pick(answer.sources, ['source', 'platform', 'sessions', 'visitors', 'pageviews', 'plays', 'bounces'])).to.deep.equal([
      { source: 'direct', platform: '(none)', sessions: 2, visitors: 2, pageviews: 2, plays: 0, bounces: 2 },
      { source: 'referral', platform: '(none)', sessions: 1, visitors: 1, pageviews: 2, plays: 2, bounces: 0 },
      { source: 'search', platform: 'google', sessions: 1, visitors: 1, pageviews: 1, plays: 1, bounces: 0 },
      { source: 'social', platform: 'facebook', sessions: 1, visitors: 1, pageviews: 1, plays: 1, bounces: 0 },
      { source: 'social', platform: 'x', sessions: 1, visitors: 1, pageviews: 1, plays: 0, bounces: 1 },
    ]);
    expect(answer.other).to.equal(null);
  });

  it('when a campaign entry page is followed by a page with other tags then the session keeps the entry campaign', async () => {
    const answer = await get('campaigns');
    expect(pick(answer.campaigns, ['source', 'medium', 'campaign', 'sessions', 'pageviews', 'plays'])).to.deep.equal([
      { source: '(none)', medium: '(none)', campaign: '(none)', sessions: 5, pageviews: 5, plays: 2 },
      { source: 'news', medium: 'email', campaign: 'spring', sessions: 1, pageviews: 2, plays: 2 },
    ]);
    // The second page's own tag stays on its event.
    const { rows } = await t.pool.query<{ utm_source: string }>(`select utm_source from events where url like '%/f%'`);
    expect(rows.map((r) => r.utm_source)).to.deep.equal(['other']);
  });

  it('when three user agents visit then devices tells desktop, mobile and a touch Mac as tablet', async () => {
    const answer = await get('devices');
    expect(answer.by).to.equal('device');
    expect(pick(answer.devices, ['value', 'sessions', 'plays'])).to.deep.equal([
      { value: 'desktop', sessions: 4, plays: 2 },
      { value: 'mobile', sessions: 1, plays: 1 },
      { value: 'tablet', sessions: 1, plays: 1 },
    ]);
    const browsers = await get('devices?by=browser');
    expect((browsers.devices as Json[]).reduce((n, r) => n + (r.sessions as number), 0)).to.equal(6);
    // Screen class and language come from the tracker's hints, which only the iPad sent.
    expect(pick((await get('devices?by=screen')).devices, ['value', 'sessions'])).to.deep.equal([
      { value: '(none)', sessions: 5 },
      { value: 'tablet', sessions: 1 },
    ]);
    expect(pick((await get('devices?by=language')).devices, ['value', 'sessions'])).to.deep.equal([
      { value: '(none)', sessions: 5 },
      { value: 'ja', sessions: 1 },
    ]);
  });

  it('when countries come from the proxy header then locations counts sessions per country, (none) without one', async () => {
    const answer = await get('locations');
    expect(pick(answer.locations, ['country', 'sessions', 'visitors', 'impressions'])).to.deep.equal([
      { country: 'DE', sessions: 2, visitors: 2, impressions: 1 },
      { country: 'US', sessions: 2, visitors: 2, impressions: 0 },
      { country: '(none)', sessions: 1, visitors: 1, impressions: 0 },
      { country: 'FR', sessions: 1, visitors: 1, impressions: 0 },
    ]);
    const cities = await get('locations?by=city');
    expect(pick(cities.locations, ['country', 'region', 'city', 'latitude', 'sessions'])[0]).to.deep.equal({
      country: 'DE',
      region: '(none)',
      city: '(none)',
      latitude: null,
      sessions: 2,
    });
  });

  it('when videos are split by source then each source has its plays, viewers, conversions and cvr', async () => {
    const answer = await get('videos?by=source');
    const groups = (answer.groups as Json[]).map((g) => ({
      source: g.source,
      videos: pick(g.videos, ['videoId', 'plays', 'viewers', 'conversions', 'converters', 'cvr']),
    }));
    expect(groups).to.deep.equal([
      {
        source: 'referral',
        videos: [
          { videoId: 'intro', plays: 1, viewers: 1, conversions: 0, converters: 0, cvr: 0 },
          { videoId: 'outro', plays: 1, viewers: 1, conversions: 0, converters: 0, cvr: 0 },
        ],
      },
      { source: 'search', videos: [{ videoId: 'intro', plays: 1, viewers: 1, conversions: 1, converters: 1, cvr: 1 }] },
      { source: 'social', videos: [{ videoId: 'intro', plays: 1, viewers: 1, conversions: 0, converters: 0, cvr: 0 }] },
    ]);
    expect(answer.other).to.equal(null);
    const plain = await get('videos');
    expect(plain).to.have.property('videos').and.not.have.property('groups');
  });

  it('when bots are asked for then the bot session counts under its source, and not before', async () => {
    const withBots = await get('sources?includeBots=true');
    expect(pick(withBots.sources, ['source', 'platform', 'sessions'])).to.deep.include({ source: 'search', platform: 'google', sessions: 2 });
    const videos = await get('videos?by=source&includeBots=true');
    const search = (videos.groups as Json[]).find((g) => g.source === 'search');
    expect(pick(search?.videos, ['videoId', 'plays', 'viewers'])).to.deep.equal([{ videoId: 'intro', plays: 2, viewers: 2 }]);
  });

  it('when the list is cut by limit then other holds the rest, and every breakdown sums to the overview totals', async () => {
    const cut = await get('sources?limit=2');
    expect(pick(cut.sources, ['source', 'sessions'])).to.deep.equal([
      { source: 'direct', sessions: 2 },
      { source: 'referral', sessions: 1 },
    ]);
    expect(cut.other).to.deep.include({ sessions: 3, visitors: 3, plays: 2, conversions: 1, converters: 1 });

    const totals = (await get('overview')).totals as Json;
    expect(totals.sessions).to.equal(6);
    for (const [path, list] of [
      ['sources?limit=2', 'sources'],
      ['campaigns', 'campaigns'],
      ['devices', 'devices'],
      ['devices?by=os', 'devices'],
      ['devices?by=language', 'devices'],
      ['locations?by=region', 'locations'],
    ] as const) {
      const answer = await get(path);
      const rows = [...(answer[list] as Json[]), ...(answer.other ? [answer.other as Json] : [])];
      for (const m of additiveAt('project')) {
        const sum = rows.reduce((n, r) => n + (r[m.name] as number), 0);
        expect(sum, `${path} ${m.name}`).to.be.closeTo(totals[m.name] as number, 1e-9);
      }
    }
  });
  it('when a day has more values of a dimension than its cap then the rest counts under (other), distinct figures over their union', async () => {
    await rollupDay(t.pool, project.projectId, day, { caps: { ...DEFAULT_DAY_CAPS, breakdownValues: 2 } });
    try {
      const answer = await get('locations');
      // DE and US have two sessions each and stay; FR and the visit without a country fold
      // (ties by value, and '(' sorts before letters).
      expect(pick(answer.locations, ['country', 'sessions', 'visitors'])).to.deep.equal([
        { country: '(other)', sessions: 2, visitors: 2 },
        { country: 'DE', sessions: 2, visitors: 2 },
        { country: 'US', sessions: 2, visitors: 2 },
      ]);
      const totals = (await get('overview')).totals as Json;
      const rows = answer.locations as Json[];
      for (const m of additiveAt('project')) {
        expect(rows.reduce((n, r) => n + (r[m.name] as number), 0), m.name).to.be.closeTo(totals[m.name] as number, 1e-9);
      }
    } finally {
      await rollupDay(t.pool, project.projectId, day);
    }
  });
});
