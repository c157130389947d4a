import { expect } from 'chai';
import type { GoalsResponse, OverviewResponse, PagesResponse, TransitionsResponse, VideosResponse } from '../../../api/stats/schemas.js';
import { startHarness, type Harness } from '../api/harness.js';
import { getStats, KIND, Rollups, slotScope, videoScope } from './fixtures.js';

const D1 = '2026-03-01';
const D2 = '2026-03-02';
const D3 = '2026-03-03';
const RANGE = { from: D1, to: D3 };
const page = (path: string) => `https://shop.example${path}`;

/**
 * Figures read from rollup rows the test writes itself: project A (Berlin, EUR) with two days
 * of data and a third empty one, project B (UTC, USD) with figures A must never see.
 */
describe('stats API: figures', () => {
  let h: Harness;
  let a: Rollups;
  let b: Rollups;

  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'A', timezone: 'Europe/Berlin', currency: 'EUR' },
        { name: 'B', timezone: 'UTC' },
      ],
    });
    a = new Rollups(h.t.pool, h.projects[0]!.projectId);
    b = new Rollups(h.t.pool, h.projects[1]!.projectId);

    await a.project(D1, false, {
      impressions: 10, opens: 8, plays: 5, reach25: 4, reach50: 3, reach75: 2, reach100: 1, watchSeconds: 12.5,
      ctaClicks: 2, detailClicks: 1, choiceClicks: 1, conversions: 2, interactions: 9,
      pageviews: 7, sessions: 3, bounces: 1, sessionSeconds: 90.5, sessionPages: 7, newSessions: 3,
    });
    await a.project(D1, true, { impressions: 3, opens: 2, plays: 1, watchSeconds: 0.25, conversions: 1, pageviews: 1, sessions: 1, bounces: 1, sessionPages: 1, newSessions: 1 });
    await a.project(D2, false, {
      impressions: 6, opens: 4, plays: 2, reach25: 2, reach100: 2, watchSeconds: 7.125, ctaClicks: 1, conversions: 1, interactions: 5,
      pageviews: 2, sessions: 1, sessionSeconds: 30, sessionPages: 2, returningSessions: 1,
    });

    // Visitors 1-4, bot member 90; visitor 1 comes back on D2 and also shows up as a bot there.
    // Sessions are summed: 3 start on D1 (one of them goes on into D2), 1 on D2, 1 bot on D1.
    await a.members(D1, KIND.visitor, '', false, [1, 2, 3]);
    await a.members(D2, KIND.visitor, '', false, [1, 4]);
    await a.members(D1, KIND.visitor, '', true, [90]);
    await a.members(D2, KIND.visitor, '', true, [1]);
    await a.members(D1, KIND.viewer, '', false, [1, 2]);
    await a.members(D2, KIND.viewer, '', false, [1]);
    await a.members(D1, KIND.viewer, '', true, [90]);
    // Openers 1, 2 then 1, 4; visitor 1 converted on both days (3 conversions, one converter).
    await a.members(D1, KIND.opener, '', false, [1, 2]);
    await a.members(D2, KIND.opener, '', false, [1, 4]);
    await a.members(D1, KIND.converter, '', false, [1]);
    await a.members(D2, KIND.converter, '', false, [1]);
    for (const scope of [videoScope('intro'), slotScope('intro', 'home')]) {
      await a.members(D1, KIND.converter, scope, false, [1]);
      await a.members(D2, KIND.converter, scope, false, [1]);
    }

    await a.slot(D1, 'intro', 'home', false, { plays: 3, reach100: 1, watchSeconds: 8.5, ctaClicks: 2, conversions: 2, interactions: 2 });
    await a.slot(D1, 'intro', 'promo', false, { plays: 2, watchSeconds: 4 });
    await a.slot(D1, 'intro', 'home', true, { plays: 1, watchSeconds: 0.25, conversions: 1 });
    await a.slot(D2, 'intro', 'home', false, { plays: 1, reach100: 2, watchSeconds: 5, ctaClicks: 1, conversions: 1 });
    await a.slot(D2, 'outro', 'home', false, { plays: 1, watchSeconds: 2.125 });
    await a.members(D1, KIND.viewer, videoScope('intro'), false, [1, 2]);
    await a.members(D2, KIND.viewer, videoScope('intro'), false, [1]);
    await a.members(D1, KIND.viewer, videoScope('intro'), true, [90]);
    await a.members(D1, KIND.viewer, slotScope('intro', 'home'), false, [1]);
    await a.members(D2, KIND.viewer, slotScope('intro', 'home'), false, [1]);
    await a.members(D1, KIND.viewer, slotScope('intro', 'home'), true, [90]);
    await a.members(D1, KIND.viewer, slotScope('intro', 'promo'), false, [2]);
    await a.members(D2, KIND.viewer, videoScope('outro'), false, [4]);
    await a.members(D2, KIND.viewer, slotScope('outro', 'home'), false, [4]);

    await a.value(D1, 'intro', 'home', 'EUR', false, 2, 30.5);
    await a.value(D1, 'intro', 'home', 'USD', false, 1, 10);
    await a.value(D2, 'intro', 'home', 'EUR', false, 1, 19.5);
    await a.value(D1, 'intro', 'home', 'EUR', true, 1, 100);

    await a.page(D1, page('/a'), false, 5);
    await a.page(D1, page('/b'), false, 3);
    await a.page(D1, page('/c'), false, 3);
    await a.page(D1, page('/d'), false, 1);
    await a.page(D2, page('/a'), false, 1);
    await a.page(D2, page('/d'), false, 2);
    await a.page(D1, page('/e'), true, 50);
    await a.members(D1, KIND.pageVisitor, page('/a'), false, [1, 2]);
    await a.members(D2, KIND.pageVisitor, page('/a'), false, [1]);
    await a.members(D1, KIND.pageVisitor, page('/b'), false, [2, 3]);
    await a.members(D1, KIND.pageVisitor, page('/c'), false, [3, 4]);
    await a.members(D1, KIND.pageVisitor, page('/d'), false, [4]);
    await a.members(D2, KIND.pageVisitor, page('/d'), false, [5]);
    await a.members(D1, KIND.pageVisitor, page('/e'), true, [90]);

    await a.transition(D1, 'home', 'promo', false, 3);
    await a.transition(D1, 'promo', 'home', false, 1);
    await a.transition(D2, 'home', 'promo', false, 1);
    await a.transition(D2, 'home', 'end', false, 2);
    await a.transition(D1, 'home', 'end', true, 5);
    for (const day of [D1, D2]) await a.stamp(day);

    await b.project(D1, false, { impressions: 99, opens: 50, plays: 40 });
    await b.members(D1, KIND.visitor, '', false, [200]);
    await b.slot(D1, 'outro', 'home', false, { plays: 40 });
    await b.page(D1, page('/b-only'), false, 7);
    await b.transition(D1, 'x', 'y', false, 9);
    await b.stamp(D1);

    expect((await h.admin('POST', '/videos', { videoId: 'intro', title: 'Intro' })).status).to.equal(201);
    const bVideo = await h.admin('POST', '/videos', { videoId: 'outro', title: 'B outro' }, h.projects[1]!.adminKey);
    expect(bVideo.status).to.equal(201);
  });
  after(async () => {
    await h.close();
  });

  const overview = async (query: Record<string, string> = {}) => {
    const answer = await getStats(h, 'overview', h.project.readKey, { ...RANGE, ...query });
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return answer.json as unknown as OverviewResponse;
  };

  it('when the overview is read then totals, ratios and a zero-filled series have the documented shape', async () => {
    const body = await overview();
    expect(body).to.include({ timezone: 'Europe/Berlin', from: D1, to: D3, currency: 'EUR' });
    expect(body.totals).to.deep.equal({
      impressions: 16,
      opens: 12,
      openers: 3,
      interactions: 14,
      visitors: 4,
      pageviews: 9,
      sessions: 4,
      bounces: 1,
      sessionSeconds: 120.5,
      sessionPages: 9,
      newSessions: 3,
      returningSessions: 1,
      plays: 7,
      viewers: 2,
      reach25: 6,
      reach50: 3,
      reach75: 2,
      reach100: 3,
      watchSeconds: 19.625,
      ctaClicks: 3,
      detailClicks: 1,
      choiceClicks: 1,
      conversions: 3,
      converters: 1,
      conversionValue: 50,
      otherCurrencies: { USD: 10 },
      playRate: 7 / 12,
      completionRate: 3 / 7,
      ctr: 3 / 7,
      cvr: 1 / 2,
      avgWatchSeconds: 19.625 / 7,
      bounceRate: 1 / 4,
      avgSessionSeconds: 120.5 / 4,
      pagesPerSession: 9 / 4,
    });
    expect(body.series.map((d) => d.date)).to.deep.equal([D1, D2, D3]);
    const [day1, day2, day3] = body.series;
    expect(day1).to.include({ impressions: 10, visitors: 3, sessions: 3, viewers: 2, openers: 2, converters: 1, interactions: 9, conversionValue: 30.5, playRate: 5 / 8 });
    expect(day1!.otherCurrencies).to.deep.equal({ USD: 10 });
    expect(day2).to.include({ impressions: 6, visitors: 2, sessions: 1, viewers: 1, conversionValue: 19.5, watchSeconds: 7.125 });
    expect(day2!.otherCurrencies).to.deep.equal({});
    expect(day3).to.deep.equal({
      date: D3,
      impressions: 0,
      opens: 0,
      openers: 0,
      interactions: 0,
      visitors: 0,
      pageviews: 0,
      sessions: 0,
      bounces: 0,
      sessionSeconds: 0,
      sessionPages: 0,
      newSessions: 0,
      returningSessions: 0,
      plays: 0,
      viewers: 0,
      reach25: 0,
      reach50: 0,
      reach75: 0,
      reach100: 0,
      watchSeconds: 0,
      ctaClicks: 0,
      detailClicks: 0,
      choiceClicks: 0,
      conversions: 0,
      converters: 0,
      conversionValue: 0,
      otherCurrencies: {},
      playRate: null,
      completionRate: null,
      ctr: null,
      cvr: null,
      avgWatchSeconds: null,
      bounceRate: null,
      avgSessionSeconds: null,
      pagesPerSession: null,
    });
  });

  it('when a visitor comes back on a second day then range totals count them once while additive figures (sessions too) sum', async () => {
    const body = await overview();
    const sum = (key: 'visitors' | 'sessions' | 'viewers' | 'impressions' | 'plays') => body.series.reduce((s, d) => s + d[key], 0);
    expect(sum('visitors')).to.equal(5);
    expect(body.totals.visitors).to.equal(4);
    // A session counts on its start day only, so the days sum to the range.
    expect(sum('sessions')).to.equal(4);
    expect(body.totals.sessions).to.equal(4);
    expect(sum('viewers')).to.equal(3);
    expect(body.totals.viewers).to.equal(2);
    expect(sum('impressions')).to.equal(body.totals.impressions);
    expect(sum('plays')).to.equal(body.totals.plays);
  });

  it('when includeBots=true then bot rows count too and a member seen as bot and human counts once', async () => {
    const body = await overview({ includeBots: 'true' });
    expect(body.totals).to.include({ impressions: 19, opens: 14, plays: 8, watchSeconds: 19.875, conversions: 4, conversionValue: 150 });
    // Humans 1-4 plus bot 90; visitor 1 flagged as a bot on D2 is still one visitor.
    expect(body.totals).to.include({ visitors: 5, sessions: 5, bounces: 2, viewers: 3 });
    expect(body.series[1]).to.include({ visitors: 2 });
    const humans = await overview({ includeBots: 'false' });
    expect(humans.totals).to.include({ impressions: 16, visitors: 4 });
  });

  it('when videos are read then each video and slot has its own distinct viewers, catalog titles and sort order', async () => {
    const answer = await getStats(h, 'videos', h.project.readKey, RANGE);
    expect(answer.status).to.equal(200);
    const body = answer.json as unknown as VideosResponse;
    expect(body).to.include({ timezone: 'Europe/Berlin', from: D1, to: D3, currency: 'EUR' });
    expect(body.videos.map((v) => [v.videoId, v.title])).to.deep.equal([
      ['intro', 'Intro'],
      ['outro', null], // registered in project B only
    ]);
    const [intro, outro] = body.videos;
    expect(intro).to.deep.include({
      interactions: 2,
      plays: 6,
      viewers: 2,
      reach25: 0,
      reach50: 0,
      reach75: 0,
      reach100: 3,
      watchSeconds: 17.5,
      ctaClicks: 3,
      detailClicks: 0,
      choiceClicks: 0,
      conversions: 3,
      converters: 1,
      conversionValue: 50,
      completionRate: 0.5,
      ctr: 0.5,
      cvr: 0.5,
      avgWatchSeconds: 17.5 / 6,
    });
    expect(intro!.slots).to.deep.equal([
      {
        slotId: 'home', impressions: 0, opens: 0, playRate: null, interactions: 2, plays: 4, viewers: 1, reach25: 0, reach50: 0, reach75: 0, reach100: 3, watchSeconds: 13.5, ctaClicks: 3,
        detailClicks: 0, choiceClicks: 0, conversions: 3, converters: 1, conversionValue: 50, completionRate: 0.75, ctr: 0.75, cvr: 1, avgWatchSeconds: 13.5 / 4,
      },
      {
        slotId: 'promo', impressions: 0, opens: 0, playRate: null, interactions: 0, plays: 2, viewers: 1, reach25: 0, reach50: 0, reach75: 0, reach100: 0, watchSeconds: 4, ctaClicks: 0,
        detailClicks: 0, choiceClicks: 0, conversions: 0, converters: 0, conversionValue: 0, completionRate: 0, ctr: 0, cvr: 0, avgWatchSeconds: 2,
      },
    ]);
    // Video viewers are distinct over the video, not the sum of its slots' viewers.
    expect(intro!.viewers).to.equal(2);
    expect(outro).to.deep.include({ plays: 1, viewers: 1, watchSeconds: 2.125 });
    expect(outro!.slots.map((s) => s.slotId)).to.deep.equal(['home']);

    const bots = (await getStats(h, 'videos', h.project.readKey, { ...RANGE, includeBots: 'true' })).json as unknown as VideosResponse;
    expect(bots.videos[0]).to.deep.include({ videoId: 'intro', plays: 7, viewers: 3, watchSeconds: 17.75, conversions: 4, conversionValue: 150 });
  });

  it('when videos are read with a limit then the rest folds into other, with distinct figures over the union', async () => {
    const one = (await getStats(h, 'videos', h.project.readKey, { ...RANGE, limit: '1' })).json as unknown as VideosResponse;
    expect(one.videos.map((v) => v.videoId)).to.deep.equal(['intro']);
    expect(one.other).to.deep.include({ plays: 1, viewers: 1, watchSeconds: 2.125, conversions: 0, converters: 0, cvr: 0, avgWatchSeconds: 2.125 });
    const all = (await getStats(h, 'videos', h.project.readKey, RANGE)).json as unknown as VideosResponse;
    expect(all.other).to.equal(null);
    const bad = await getStats(h, 'videos', h.project.readKey, { ...RANGE, limit: '0' });
    expect(bad.status).to.equal(400);
  });

  it('when goals are read then URL rules (named from the catalog) and conversion types are counted apart', async () => {
    // Rows written without a video, as before goals kept one, list under the empty pair.
    const unattributed = (conversions: number) => ({ value: 0, videos: [{ videoId: '', slotId: '', conversions, value: 0 }], videosOther: null });
    const rule = await h.admin('POST', '/conversion-rules', { name: 'Thanks page', kind: 'prefix', pattern: 'https://shop.example/thanks' });
    expect(rule.status).to.equal(201);
    const ruleId = (rule.json as { id: string }).id;
    await a.goal(D1, 'rule', ruleId, false, 2);
    await a.goal(D1, 'event', 'purchase', false, 1);
    await a.goal(D2, 'event', 'purchase', false, 2);
    await a.goal(D2, 'event', 'signup', false, 1);
    await a.goal(D1, 'event', 'purchase', true, 9);
    await a.stamp(D2);
    const body = (await getStats(h, 'goals', h.project.readKey, RANGE)).json as unknown as GoalsResponse;
    expect(body.goals).to.deep.equal([
      { kind: 'event', goal: 'purchase', name: 'purchase', conversions: 3, ...unattributed(3) },
      { kind: 'rule', goal: ruleId, name: 'Thanks page', conversions: 2, ...unattributed(2) },
      { kind: 'event', goal: 'signup', name: 'signup', conversions: 1, ...unattributed(1) },
    ]);
    expect(body.other).to.equal(null);
    const top = (await getStats(h, 'goals', h.project.readKey, { ...RANGE, limit: '1' })).json as unknown as GoalsResponse;
    expect(top.other).to.deep.equal({ conversions: 3, value: 0 });
    expect((await h.admin('DELETE', `/conversion-rules/${ruleId}`)).status).to.equal(204);
    const deleted = (await getStats(h, 'goals', h.project.readKey, RANGE)).json as unknown as GoalsResponse;
    expect(deleted.goals[1]).to.deep.equal({ kind: 'rule', goal: ruleId, name: null, conversions: 2, ...unattributed(2) });
  });

  it('when pages are read with a limit then the rest folds into other with its visitors distinct over the union', async () => {
    const all = (await getStats(h, 'pages', h.project.readKey, RANGE)).json as unknown as PagesResponse;
    expect(all).to.deep.equal({
      timezone: 'Europe/Berlin',
      from: D1,
      to: D3,
      pages: [
        { url: page('/a'), opens: 6, visitors: 2 },
        { url: page('/b'), opens: 3, visitors: 2 },
        { url: page('/c'), opens: 3, visitors: 2 },
        { url: page('/d'), opens: 3, visitors: 2 },
      ],
      other: null,
    });

    const two = (await getStats(h, 'pages', h.project.readKey, { ...RANGE, limit: '2' })).json as unknown as PagesResponse;
    expect(two.pages.map((p) => p.url)).to.deep.equal([page('/a'), page('/b')]);
    // c has visitors 3 and 4, d has 4 and 5: together 3 visitors, not 2 + 2.
    expect(two.other).to.deep.equal({ opens: 6, visitors: 3 });

    const exact = (await getStats(h, 'pages', h.project.readKey, { ...RANGE, limit: '4' })).json as unknown as PagesResponse;
    expect(exact.pages).to.have.length(4);
    expect(exact.other).to.equal(null);

    const bots = (await getStats(h, 'pages', h.project.readKey, { ...RANGE, limit: '1', includeBots: 'true' })).json as unknown as PagesResponse;
    expect(bots.pages).to.deep.equal([{ url: page('/e'), opens: 50, visitors: 1 }]);
    expect(bots.other).to.deep.equal({ opens: 15, visitors: 5 });
  });

  it('when transitions are read then they are summed over the range and sorted by count', async () => {
    const body = (await getStats(h, 'transitions', h.project.readKey, RANGE)).json as unknown as TransitionsResponse;
    expect(body).to.deep.equal({
      timezone: 'Europe/Berlin',
      from: D1,
      to: D3,
      transitions: [
        { fromSlotId: 'home', toSlotId: 'promo', count: 4, fromSlotChoices: 6, share: 0.6667 },
        { fromSlotId: 'home', toSlotId: 'end', count: 2, fromSlotChoices: 6, share: 0.3333 },
        { fromSlotId: 'promo', toSlotId: 'home', count: 1, fromSlotChoices: 1, share: 1 },
      ],
      other: null,
      links: [],
    });
    const one = (await getStats(h, 'transitions', h.project.readKey, { ...RANGE, limit: '1' })).json as unknown as TransitionsResponse;
    // The share's denominator counts the choices past the limit too.
    expect(one.transitions).to.deep.equal([{ fromSlotId: 'home', toSlotId: 'promo', count: 4, fromSlotChoices: 6, share: 0.6667 }]);
    expect(one.other).to.deep.equal({ count: 3 });
    const bots = (await getStats(h, 'transitions', h.project.readKey, { ...RANGE, includeBots: 'true' })).json as unknown as TransitionsResponse;
    expect(bots.transitions[0]).to.include({ fromSlotId: 'home', toSlotId: 'end', count: 7 });
  });

  it('when the catalog offers branches then transitions list them once each, chosen or not, and only for their own project', async () => {
    const b = h.projects[1]!.adminKey;
    const made = [
      await h.admin('POST', '/slots', { slotId: 'promo', videoId: 'intro' }),
      await h.admin('POST', '/slots', { slotId: 'quiz', videoId: 'intro' }),
      await h.admin('POST', '/slots', { slotId: 'home', videoId: 'intro', links: ['promo', 'quiz'] }),
      await h.admin('PATCH', '/slots/quiz', { links: ['home'] }),
      await h.admin('POST', '/slots', { slotId: 'b-end', videoId: 'outro' }, b),
      await h.admin('POST', '/slots', { slotId: 'b-home', videoId: 'outro', links: ['b-end'] }, b),
    ];
    try {
      for (const answer of made) expect(answer.status, JSON.stringify(answer.json)).to.be.oneOf([200, 201]);
      const body = (await getStats(h, 'transitions', h.project.readKey, RANGE)).json as unknown as TransitionsResponse;
      expect(body.links).to.deep.equal([
        { fromSlotId: 'home', toSlotId: 'promo' },
        { fromSlotId: 'home', toSlotId: 'quiz' },
        { fromSlotId: 'quiz', toSlotId: 'home' },
      ]);
      expect(body.transitions).to.have.length(3);
    } finally {
      await h.admin('PATCH', '/slots/quiz', { links: [] });
      for (const slot of ['home', 'quiz', 'promo']) await h.admin('DELETE', `/slots/${slot}`);
      for (const slot of ['b-home', 'b-end']) await h.admin('DELETE', `/slots/${slot}`, undefined, b);
    }
  });

  it('when project B reads with its own key then it gets only its figures, and A never sees them', async () => {
    const bKey = h.projects[1]!.readKey;
    const bOverview = (await getStats(h, 'overview', bKey, RANGE)).json as unknown as OverviewResponse;
    expect(bOverview).to.include({ timezone: 'UTC', currency: 'USD' });
    expect(bOverview.totals).to.include({ impressions: 99, visitors: 1, plays: 40 });
    const bVideos = (await getStats(h, 'videos', bKey, RANGE)).json as unknown as VideosResponse;
    expect(bVideos.videos.map((v) => [v.videoId, v.title, v.plays])).to.deep.equal([['outro', 'B outro', 40]]);
    const bPages = (await getStats(h, 'pages', bKey, RANGE)).json as unknown as PagesResponse;
    expect(bPages.pages).to.deep.equal([{ url: page('/b-only'), opens: 7, visitors: 0 }]);

    const aOverview = await overview();
    expect(aOverview.totals.impressions).to.equal(16);
    const aPages = (await getStats(h, 'pages', h.project.readKey, RANGE)).json as unknown as PagesResponse;
    expect(aPages.pages.map((p) => p.url)).to.not.include(page('/b-only'));
    const aTransitions = (await getStats(h, 'transitions', h.project.readKey, RANGE)).json as unknown as TransitionsResponse;
    expect(aTransitions.transitions.map((t) => t.fromSlotId)).to.not.include('x');
  });

  it('when the project currency changes then conversionValue follows it and the old one moves to otherCurrencies', async () => {
    expect((await h.admin('PATCH', '/project', { currency: 'USD' })).status).to.equal(200);
    try {
      const body = await overview();
      expect(body.currency).to.equal('USD');
      expect(body.totals.conversionValue).to.equal(10);
      expect(body.totals.otherCurrencies).to.deep.equal({ EUR: 50 });
    } finally {
      expect((await h.admin('PATCH', '/project', { currency: 'EUR' })).status).to.equal(200);
    }
  });
});
