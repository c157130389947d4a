import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { ev, type Harness } from '../api/harness.js';
import { Rollups } from '../stats-api/fixtures.js';
import { withBearer, type Tenants } from './tenants.js';
import { SEGMENT_CROSS_PROJECT } from './segment.js';
import { TRACKER_SETTINGS_CROSS_PROJECT } from './trackerSettings.js';
import { REALTIME_CROSS_PROJECT } from './realtime.js';

/**
 * One check per protected route: B owns something, A's key of the route's kind tries to reach it,
 * and B's view afterwards is exactly what it was. Keyed by the route as the router names it.
 */
export type CrossProjectCheck = (h: Harness, t: Tenants) => Promise<void>;

const admin = (h: Harness, key: string, method: string, path: string, body?: unknown) => withBearer(h, method, `/v1/admin${path}`, key, body);
const uniqueId = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function bVideo(h: Harness, t: Tenants): Promise<string> {
  const videoId = uniqueId('video');
  expect((await admin(h, t.b.adminKey, 'POST', '/videos', { videoId, title: 'B only' })).status).to.equal(201);
  return videoId;
}

/** A slot must show a video of its own project. */
async function bSlot(h: Harness, t: Tenants): Promise<string> {
  const slotId = uniqueId('slot');
  const videoId = await bVideo(h, t);
  expect((await admin(h, t.b.adminKey, 'POST', '/slots', { slotId, videoId, ctaLabel: 'B only' })).status).to.equal(201);
  return slotId;
}

const FUNNEL_STEPS = (origin: string) => [
  { kind: 'page', match: 'prefix', pattern: `${origin}/products` },
  { kind: 'event', type: 'form_submit', formId: 'contact' },
];

async function bFunnel(h: Harness, t: Tenants): Promise<string> {
  const funnel = await admin(h, t.b.adminKey, 'POST', '/funnels', { name: 'B only', steps: FUNNEL_STEPS(t.b.origin) });
  expect(funnel.status).to.equal(201);
  return funnel.json.id as string;
}

async function bRule(h: Harness, t: Tenants): Promise<string> {
  const rule = await admin(h, t.b.adminKey, 'POST', '/conversion-rules', { name: 'B only', kind: 'prefix', pattern: `${t.b.origin}/thanks` });
  expect(rule.status).to.equal(201);
  return rule.json.id as string;
}

/** B's own view of one of its resources: still there, still as B made it. */
async function expectBHas(h: Harness, t: Tenants, path: string, fields: Record<string, unknown>): Promise<void> {
  const answer = await admin(h, t.b.adminKey, 'GET', path);
  expect(answer.status, `B reads ${path}`).to.equal(200);
  expect(answer.json).to.include(fields);
}

/** B's write key still works: nothing A did revoked it. */
async function expectBWriteKeyWorks(h: Harness, t: Tenants): Promise<void> {
  expect((await h.post({ events: [ev.pageView({ url: `${t.b.origin}/p` })] }, { key: t.b.writeKey })).status).to.equal(202);
}

const DAY = '2026-03-02';
const RANGE = `from=${DAY}&to=${DAY}`;

/** Figures for B only, on one day, as a rollup would leave them. */
async function bFigures(h: Harness, t: Tenants): Promise<void> {
  const rollups = new Rollups(h.t.pool, t.b.projectId);
  await rollups.project(DAY, false, { impressions: 7, opens: 3, plays: 2, sessions: 2, pageviews: 4 });
  await rollups.slot(DAY, 'intro', 'home', false, { plays: 2 });
  await rollups.page(DAY, `${t.b.origin}/p/1`, false, 3);
  await rollups.transition(DAY, 'home', 'sizes', false, 1);
  await rollups.goal(DAY, 'event', 'purchase', false, 1);
  for (const [dim, value] of [['platform', 'search\u001fgoogle'], ['campaign', 'news\u001femail\u001fspring'], ['device', 'desktop'], ['country', 'DE'], ['source', 'search']]) {
    await h.t.pool.query(`insert into daily_breakdown (project_id, day, dim, value, is_bot, sessions, plays) values ($1, $2, $3, $4, false, 2, 2)`, [t.b.projectId, DAY, dim, value]);
    await h.t.pool.query(`insert into daily_video_breakdown (project_id, day, dim, value, video_id, is_bot, plays) values ($1, $2, $3, $4, 'intro', false, 2)`, [
      t.b.projectId,
      DAY,
      dim,
      value,
    ]);
  }
  await h.t.pool.query(`insert into daily_forms (project_id, day, form_id, is_bot, starts, completed, submits) values ($1, $2, 'contact', false, 3, 2, 2)`, [t.b.projectId, DAY]);
  await h.t.pool.query(`insert into daily_visitor_goals (project_id, day, visitor_n, is_bot, unassisted, unassisted_value) values ($1, $2, 1, false, 1, 5)`, [t.b.projectId, DAY]);
  await h.t.pool.query(`insert into daily_clicks (project_id, day, video_id, slot_id, target, label, is_bot, clicks) values ($1, $2, 'intro', 'home', 'cta', 'Buy', false, 2)`, [
    t.b.projectId,
    DAY,
  ]);
  await h.t.pool.query(`insert into daily_custom_events (project_id, day, name, is_bot, events) values ($1, $2, 'quiz_done', false, 2)`, [t.b.projectId, DAY]);
  await h.t.pool.query(
    `insert into daily_watch_curves (project_id, day, video_id, is_bot, plays, unique_plays, views, reported_durations, reported_duration_events)
     values ($1, $2, 'intro', false, 2, '{2,1}', '{2,1}', '{2}', '{2}')`,
    [t.b.projectId, DAY],
  );
  await h.t.pool.query(
    `insert into daily_playback (project_id, day, video_id, slot_id, is_bot, views, started, startup_hist) values ($1, $2, 'intro', 'home', false, 2, 2, array[0,2,0,0,0,0,0,0,0,0,0,0])`,
    [t.b.projectId, DAY],
  );
  await rollups.stamp(DAY);
}

/** A's read key gets A's (empty) answer; B's read key, for contrast, gets B's figures. */
function statsCheck(endpoint: string, bHasData: (json: Record<string, unknown>) => boolean, query = '', seed = true): CrossProjectCheck {
  return async (h, t) => {
    if (seed) await bFigures(h, t);
    const mine = await withBearer(h, 'GET', `/v1/stats/${endpoint}?${RANGE}${query}`, t.a.readKey);
    const theirs = await withBearer(h, 'GET', `/v1/stats/${endpoint}?${RANGE}${query}`, t.b.readKey);
    expect(mine.status).to.equal(200);
    expect(bHasData(theirs.json), `B's own ${endpoint}`).to.equal(true);
    expect(bHasData(mine.json), `A's ${endpoint}`).to.equal(false);
    expect(mine.headers.get('etag')).to.not.equal(theirs.headers.get('etag'));
    // The project is the key's: naming B's in the query is refused, not obeyed.
    expectClientError(await withBearer(h, 'GET', `/v1/stats/${endpoint}?${RANGE}${query}&projectId=${t.b.projectId}`, t.a.readKey), 400, 'invalid_parameter', 'projectId');
  };
}

/** A journey of B's, promoted with B's write key (no worker runs here, so it stays pending). */
async function bJourney(h: Harness, t: Tenants, email: string): Promise<string> {
  const body = JSON.stringify({ key: t.b.writeKey, visitorId: randomUUID(), email });
  const answer = await h.request('POST', '/v1/journeys/promote', { headers: { 'content-type': 'text/plain' }, body });
  expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
  return answer.json.journeyId as string;
}

const journeysOf = async (h: Harness, key: string, email: string) =>
  (await withBearer(h, 'GET', `/v1/journeys?email=${encodeURIComponent(email)}`, key)).json.journeys as { id: string }[];

const nonEmpty = (list: string) => (json: Record<string, unknown>) => Array.isArray(json[list]) && (json[list] as unknown[]).length > 0;

export const CROSS_PROJECT: Record<string, { then: string; check: CrossProjectCheck }> = {
  ...TRACKER_SETTINGS_CROSS_PROJECT,
  ...REALTIME_CROSS_PROJECT,
  ...SEGMENT_CROSS_PROJECT,
  'POST /v1/events': {
    then: "the job is A's whatever the body says (server conversions included), and B's origin is refused",
    check: async (h, t) => {
      const event = ev.pageView({ url: `${t.a.origin}/p`, projectId: t.b.projectId });
      expect((await h.post({ projectId: t.b.projectId, events: [event] }, { key: t.a.writeKey })).status).to.equal(202);
      const job = (await h.waitingJobs()).find((j) => j.events.some((e) => e.id === event.id));
      expect(job?.projectId).to.equal(t.a.projectId);
      const fromB = await h.post({ events: [ev.pageView()] }, { key: t.a.writeKey, origin: t.b.origin });
      expectClientError(fromB, 403, 'origin_not_allowed', 'origin');
      expect(fromB.headers.get('access-control-allow-origin')).to.equal(null);
      // A's secret server key posts a trusted conversion: still A's, whatever the body names.
      const conversion = ev.base('conversion', { conversionType: 'purchase', orderId: 'ORD-1001', projectId: t.b.projectId });
      const server = await withBearer(h, 'POST', '/v1/events', t.a.serverKey, { projectId: t.b.projectId, events: [conversion] });
      expect(server.status).to.equal(202);
      const serverJob = (await h.waitingJobs()).find((j) => j.events.some((e) => e.id === conversion.id));
      expect(serverJob).to.deep.include({ projectId: t.a.projectId, fromServer: true });
    },
  },
  'GET /v1/admin/project': {
    then: "A's own settings come back, nothing of B's",
    check: async (h, t) => {
      const answer = await admin(h, t.a.adminKey, 'GET', '/project');
      expect(answer.json.id).to.equal(t.a.projectId);
      expect(JSON.stringify(answer.json)).to.not.include(t.b.projectId).and.not.include(t.b.origin);
    },
  },
  'PATCH /v1/admin/project': {
    then: "only A changes, and B's id in the body is refused",
    check: async (h, t) => {
      expect((await admin(h, t.a.adminKey, 'PATCH', '/project', { name: 'hijacked', allowedOrigins: ['https://evil.example'] })).status).to.equal(200);
      expectClientError(await admin(h, t.a.adminKey, 'PATCH', '/project', { id: t.b.projectId, name: 'x' }), 400, 'invalid_field', 'id');
      const b = await admin(h, t.b.adminKey, 'GET', '/project');
      expect(b.json.name).to.not.equal('hijacked');
      expect(b.json.allowedOrigins).to.deep.equal([t.b.origin]);
    },
  },
  'POST /v1/admin/videos': {
    then: "A's video with B's id is A's own, and B's stays as it was",
    check: async (h, t) => {
      const videoId = await bVideo(h, t);
      expect((await admin(h, t.a.adminKey, 'POST', '/videos', { videoId, title: 'A copy' })).status).to.equal(201);
      await expectBHas(h, t, `/videos/${videoId}`, { title: 'B only' });
      expect((await admin(h, t.b.adminKey, 'GET', '/videos')).json.videos).to.have.length(1);
    },
  },
  'GET /v1/admin/videos': {
    then: "B's videos are not listed",
    check: async (h, t) => {
      await bVideo(h, t);
      expect((await admin(h, t.a.adminKey, 'GET', '/videos')).json.videos).to.deep.equal([]);
    },
  },
  'GET /v1/admin/videos/:videoId': {
    then: "B's video is not found",
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'GET', `/videos/${await bVideo(h, t)}`), 404, 'not_found');
    },
  },
  'PATCH /v1/admin/videos/:videoId': {
    then: "B's video is not found and stays unchanged",
    check: async (h, t) => {
      const videoId = await bVideo(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'PATCH', `/videos/${videoId}`, { title: 'hijacked' }), 404, 'not_found');
      await expectBHas(h, t, `/videos/${videoId}`, { title: 'B only' });
    },
  },
  'DELETE /v1/admin/videos/:videoId': {
    then: "B's video is not found and still exists",
    check: async (h, t) => {
      const videoId = await bVideo(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'DELETE', `/videos/${videoId}`), 404, 'not_found');
      await expectBHas(h, t, `/videos/${videoId}`, { videoId });
    },
  },
  'POST /v1/admin/slots': {
    then: "A's slot with B's id is A's own, and B's stays as it was",
    check: async (h, t) => {
      const slotId = await bSlot(h, t);
      const bVideoId = (await admin(h, t.b.adminKey, 'GET', `/slots/${slotId}`)).json.videoId;
      const aVideoId = uniqueId('video');
      expect((await admin(h, t.a.adminKey, 'POST', '/videos', { videoId: aVideoId, title: 'A only' })).status).to.equal(201);
      expect((await admin(h, t.a.adminKey, 'POST', '/slots', { slotId, videoId: aVideoId, ctaLabel: 'A copy' })).status).to.equal(201);
      await expectBHas(h, t, `/slots/${slotId}`, { videoId: bVideoId, ctaLabel: 'B only' });
    },
  },
  'GET /v1/admin/slots': {
    then: "B's slots are not listed",
    check: async (h, t) => {
      await bSlot(h, t);
      expect((await admin(h, t.a.adminKey, 'GET', '/slots')).json.slots).to.deep.equal([]);
    },
  },
  'GET /v1/admin/slots/:slotId': {
    then: "B's slot is not found",
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'GET', `/slots/${await bSlot(h, t)}`), 404, 'not_found');
    },
  },
  'PATCH /v1/admin/slots/:slotId': {
    then: "B's slot is not found and stays unchanged",
    check: async (h, t) => {
      const slotId = await bSlot(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'PATCH', `/slots/${slotId}`, { ctaLabel: 'hijacked' }), 404, 'not_found');
      await expectBHas(h, t, `/slots/${slotId}`, { ctaLabel: 'B only' });
    },
  },
  'DELETE /v1/admin/slots/:slotId': {
    then: "B's slot is not found and still exists",
    check: async (h, t) => {
      const slotId = await bSlot(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'DELETE', `/slots/${slotId}`), 404, 'not_found');
      await expectBHas(h, t, `/slots/${slotId}`, { slotId });
    },
  },
  'POST /v1/admin/conversion-rules': {
    then: "the rule is A's own and B's rules are unchanged",
    check: async (h, t) => {
      const ruleId = await bRule(h, t);
      expect((await admin(h, t.a.adminKey, 'POST', '/conversion-rules', { name: 'A', kind: 'exact', pattern: `${t.b.origin}/thanks` })).status).to.equal(201);
      const bRules = (await admin(h, t.b.adminKey, 'GET', '/conversion-rules')).json.rules as { id: string }[];
      expect(bRules.map((r) => r.id)).to.deep.equal([ruleId]);
    },
  },
  'GET /v1/admin/conversion-rules': {
    then: "B's rules are not listed",
    check: async (h, t) => {
      await bRule(h, t);
      expect((await admin(h, t.a.adminKey, 'GET', '/conversion-rules')).json.rules).to.deep.equal([]);
    },
  },
  'POST /v1/admin/conversion-rules/test': {
    then: "B's rules are neither matched nor listed",
    check: async (h, t) => {
      await bRule(h, t);
      const answer = await admin(h, t.a.adminKey, 'POST', '/conversion-rules/test', { url: `${t.b.origin}/thanks` });
      expect(answer.status).to.equal(200);
      expect(answer.json).to.deep.include({ rules: [], conversions: [] });
    },
  },
  'GET /v1/admin/conversion-rules/:ruleId': {
    then: "B's rule is not found",
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'GET', `/conversion-rules/${await bRule(h, t)}`), 404, 'not_found');
    },
  },
  'PATCH /v1/admin/conversion-rules/:ruleId': {
    then: "B's rule is not found and stays unchanged",
    check: async (h, t) => {
      const ruleId = await bRule(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'PATCH', `/conversion-rules/${ruleId}`, { name: 'hijacked' }), 404, 'not_found');
      await expectBHas(h, t, `/conversion-rules/${ruleId}`, { name: 'B only' });
    },
  },
  'DELETE /v1/admin/conversion-rules/:ruleId': {
    then: "B's rule is not found and still exists",
    check: async (h, t) => {
      const ruleId = await bRule(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'DELETE', `/conversion-rules/${ruleId}`), 404, 'not_found');
      await expectBHas(h, t, `/conversion-rules/${ruleId}`, { id: ruleId });
    },
  },
  'GET /v1/admin/keys': {
    then: "none of B's key prefixes is listed",
    check: async (h, t) => {
      const listed = JSON.stringify((await admin(h, t.a.adminKey, 'GET', '/keys')).json);
      for (const key of [t.b.writeKey, t.b.readKey, t.b.adminKey, t.b.serverKey]) expect(listed).to.not.include(key.slice(0, 12));
    },
  },
  'POST /v1/admin/keys/:kind/rotate': {
    then: "only A's key is replaced and B's keeps working",
    check: async (h, t) => {
      const rotated = await admin(h, t.a.adminKey, 'POST', '/keys/write/rotate', { graceDays: 0 });
      expect(rotated.status).to.equal(201);
      expect(rotated.json.revoked).to.deep.equal([t.a.writeKey.slice(0, 12)]);
      const server = await admin(h, t.a.adminKey, 'POST', '/keys/server/rotate', {});
      expect(server.json.revoked).to.deep.equal([t.a.serverKey.slice(0, 12)]);
      await expectBWriteKeyWorks(h, t);
      expect((await withBearer(h, 'POST', '/v1/events', t.b.serverKey, { events: [ev.pageView()] })).status).to.equal(202);
    },
  },
  'DELETE /v1/admin/keys/:prefix': {
    then: "B's key is not found and keeps working",
    check: async (h, t) => {
      for (const key of [t.b.writeKey, t.b.adminKey, t.b.serverKey]) {
        expectClientError(await admin(h, t.a.adminKey, 'DELETE', `/keys/${key.slice(0, 12)}`), 404, 'not_found');
      }
      await expectBWriteKeyWorks(h, t);
      expect((await admin(h, t.b.adminKey, 'GET', '/project')).status).to.equal(200);
    },
  },
  'DELETE /v1/admin/project': {
    then: 'no key may delete a project (403 session_required), and B still exists',
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'DELETE', '/project'), 403, 'session_required', 'authorization');
      expectClientError(await admin(h, t.b.adminKey, 'DELETE', '/project'), 403, 'session_required', 'authorization');
      await expectBHas(h, t, '/project', { id: t.b.projectId });
    },
  },
  'GET /v1/admin/members': {
    then: 'no key lists members (403 session_required)',
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'GET', '/members'), 403, 'session_required', 'authorization');
    },
  },
  'POST /v1/admin/members': {
    then: 'no key adds a member (403 session_required), and no user is made',
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'POST', '/members', { email: 'intruder@example.com', role: 'owner' }), 403, 'session_required', 'authorization');
      expect((await h.t.pool.query(`select 1 from users where email = 'intruder@example.com'`)).rowCount).to.equal(0);
    },
  },
  'PATCH /v1/admin/members/:userId': {
    then: "no key changes a role (403 session_required)",
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'PATCH', `/members/${randomUUID()}`, { role: 'owner' }), 403, 'session_required', 'authorization');
    },
  },
  'DELETE /v1/admin/members/:userId': {
    then: 'no key removes a member (403 session_required)',
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'DELETE', `/members/${randomUUID()}`), 403, 'session_required', 'authorization');
    },
  },
  'GET /v1/stats/overview': {
    then: "A's totals hold none of B's figures",
    check: statsCheck('overview', (json) => ((json.totals as { impressions?: number } | undefined)?.impressions ?? 0) > 0),
  },
  'GET /v1/stats/videos': {
    then: "none of B's videos is listed, nor any of its videos by source",
    check: async (h, t) => {
      await statsCheck('videos', nonEmpty('videos'))(h, t);
      await statsCheck('videos', nonEmpty('groups'), '&by=source', false)(h, t);
    },
  },
  'GET /v1/stats/pages': { then: "none of B's pages is listed", check: statsCheck('pages', nonEmpty('pages')) },
  'GET /v1/stats/site': {
    then: "A's site totals hold none of B's sessions or page views",
    check: statsCheck('site', (json) => ((json.totals as { sessions?: number } | undefined)?.sessions ?? 0) > 0),
  },
  'GET /v1/stats/site/pages': { then: "none of B's pages is listed", check: statsCheck('site/pages', nonEmpty('pages')) },
  'GET /v1/stats/transitions': { then: "none of B's transitions is listed", check: statsCheck('transitions', nonEmpty('transitions')) },
  'GET /v1/stats/goals': { then: "none of B's goals is listed", check: statsCheck('goals', nonEmpty('goals')) },
  'GET /v1/stats/clicks': { then: "none of B's clicks is listed", check: statsCheck('clicks', nonEmpty('clicks')) },
  'GET /v1/stats/custom-events': { then: "none of B's custom events is listed", check: statsCheck('custom-events', nonEmpty('events')) },
  'GET /v1/stats/playback': { then: "none of B's plays is listed", check: statsCheck('playback', nonEmpty('rows')) },
  'GET /v1/stats/sources': { then: "none of B's sources is listed", check: statsCheck('sources', nonEmpty('sources')) },
  'GET /v1/stats/campaigns': { then: "none of B's campaigns is listed", check: statsCheck('campaigns', nonEmpty('campaigns')) },
  'GET /v1/stats/devices': { then: "none of B's devices is listed", check: statsCheck('devices', nonEmpty('devices')) },
  'GET /v1/stats/locations': { then: "none of B's countries is listed", check: statsCheck('locations', nonEmpty('locations')) },
  'DELETE /v1/visitors/:visitorId': {
    then: "only A gets a tombstone: B keeps taking that visitor's events",
    check: async (h, t) => {
      const visitorId = randomUUID();
      const erased = await withBearer(h, 'DELETE', `/v1/visitors/${visitorId}`, t.a.adminKey);
      expect(erased.status).to.equal(202);
      const tombstones = await h.t.pool.query('select 1 from erased_visitors where project_id = $1', [t.b.projectId]);
      expect(tombstones.rowCount).to.equal(0);
      const posted = await h.post({ events: [ev.pageView({ url: `${t.b.origin}/p`, visitorId })] }, { key: t.b.writeKey, origin: t.b.origin });
      expect(posted.json).to.deep.include({ accepted: 1, rejected: [] });
    },
  },
  'GET /v1/visitors/:visitorId/export': {
    then: "A's export of a visitor of B is empty, B's holds the row",
    check: async (h, t) => {
      const visitorId = randomUUID();
      await h.t.pool.query(`insert into visitor_firsts (project_id, visitor_id, first_at, session_id, is_bot, first_event) values ($1, $2, now(), $3, false, $4)`, [
        t.b.projectId,
        visitorId,
        randomUUID(),
        randomUUID(),
      ]);
      const exportOf = async (key: string) => {
        const res = await fetch(`${h.web.url}/v1/visitors/${visitorId}/export`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status).to.equal(200);
        return (await res.text()).split('\n').filter((line) => line !== '');
      };
      expect(await exportOf(t.a.adminKey)).to.deep.equal([]);
      expect(await exportOf(t.b.adminKey)).to.have.length(1);
    },
  },
  'GET /v1/jobs/:jobId': {
    then: "B's job is not found (404), and B reads it",
    check: async (h, t) => {
      const erased = await withBearer(h, 'DELETE', `/v1/visitors/${randomUUID()}`, t.b.adminKey);
      const jobId = erased.json.jobId as string;
      expectClientError(await withBearer(h, 'GET', `/v1/jobs/${jobId}`, t.a.adminKey), 404, 'not_found', 'jobId');
      expect((await withBearer(h, 'GET', `/v1/jobs/${jobId}`, t.b.adminKey)).json).to.include({ id: jobId, kind: 'erase_visitor' });
    },
  },
  'GET /v1/stats/forms': { then: "none of B's forms is listed", check: statsCheck('forms', nonEmpty('forms')) },
  'GET /v1/stats/video-funnel': { then: "none of B's videos is listed", check: statsCheck('video-funnel', nonEmpty('rows')) },
  'GET /v1/users/:userId/visitors': {
    then: "A's list of a user id that B identified is empty, B's holds the visitor",
    check: async (h, t) => {
      const visitorId = randomUUID();
      const userId = uniqueId('user');
      await h.t.pool.query(`insert into visitor_users (project_id, visitor_id, user_id, first_at, last_at) values ($1, $2, $3, now(), now())`, [t.b.projectId, visitorId, userId]);
      const path = `/v1/users/${encodeURIComponent(userId)}/visitors`;
      const mine = await withBearer(h, 'GET', path, t.a.adminKey);
      expect(mine.status).to.equal(200);
      expect(mine.json.visitors).to.deep.equal([]);
      expect(((await withBearer(h, 'GET', path, t.b.adminKey)).json.visitors as { visitorId: string }[]).map((v) => v.visitorId)).to.deep.equal([visitorId]);
    },
  },
  'GET /v1/stats/uplift': {
    then: "none of B's goals is counted",
    check: statsCheck('uplift', (json) => ((json.unassisted as { conversions?: number } | undefined)?.conversions ?? 0) > 0),
  },
  'GET /v1/stats/audience-retention': {
    then: "none of B's plays of a video with the same id is counted",
    check: statsCheck('audience-retention', (json) => (json.plays as number) > 0, '&videoId=intro'),
  },
  'GET /v1/forms/:formId/submissions': {
    then: "none of B's submissions of a form with the same id is listed",
    check: async (h, t) => {
      await h.t.pool.query(
        `insert into form_submissions (project_id, event_id, visitor_id, session_id, form_id, submitted_at, outcome, fields, is_bot)
         values ($1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'contact', now(), 'success', '[]', false)`,
        [t.b.projectId],
      );
      const mine = await withBearer(h, 'GET', '/v1/forms/contact/submissions', t.a.adminKey);
      const theirs = await withBearer(h, 'GET', '/v1/forms/contact/submissions', t.b.adminKey);
      expect(mine.status).to.equal(200);
      expect(mine.json.submissions).to.deep.equal([]);
      expect(theirs.json.submissions).to.have.length(1);
    },
  },
  'POST /v1/journeys/promote': {
    then: "the journey is A's whatever the body says, and B's origin is refused",
    check: async (h, t) => {
      const promote = (origin: string) =>
        h.request('POST', '/v1/journeys/promote', {
          headers: { 'content-type': 'text/plain', origin },
          body: JSON.stringify({ key: t.a.writeKey, projectId: t.b.projectId, visitorId: randomUUID(), email: 'ann@example.com' }),
        });
      const answer = await promote(t.a.origin);
      expect(answer.status, JSON.stringify(answer.json)).to.equal(202);
      const row = await h.t.pool.query<{ project_id: string }>('select project_id from journeys where id = $1', [answer.json.journeyId]);
      expect(row.rows[0]?.project_id).to.equal(t.a.projectId);
      expectClientError(await promote(t.b.origin), 403, 'origin_not_allowed', 'origin');
    },
  },
  'GET /v1/journeys': {
    then: "none of B's journeys is listed, and naming B's project is refused",
    check: async (h, t) => {
      const email = `${uniqueId('b')}@example.com`;
      const id = await bJourney(h, t, email);
      expect(await journeysOf(h, t.a.adminKey, email)).to.deep.equal([]);
      expect((await journeysOf(h, t.b.adminKey, email)).map((j) => j.id)).to.deep.equal([id]);
      expectClientError(await withBearer(h, 'GET', `/v1/journeys?email=${email}&projectId=${t.b.projectId}`, t.a.adminKey), 400, 'invalid_field', 'projectId');
    },
  },
  'GET /v1/journeys/:id': {
    then: "B's journey is not found",
    check: async (h, t) => {
      const id = await bJourney(h, t, `${uniqueId('b')}@example.com`);
      expectClientError(await withBearer(h, 'GET', `/v1/journeys/${id}`, t.a.adminKey), 404, 'not_found');
      expect((await withBearer(h, 'GET', `/v1/journeys/${id}`, t.b.adminKey)).status).to.equal(200);
    },
  },
  'POST /v1/admin/funnels': {
    then: "the funnel is A's own and B's funnels are unchanged",
    check: async (h, t) => {
      const funnelId = await bFunnel(h, t);
      expect((await admin(h, t.a.adminKey, 'POST', '/funnels', { name: 'A', steps: FUNNEL_STEPS(t.b.origin) })).status).to.equal(201);
      const bFunnels = (await admin(h, t.b.adminKey, 'GET', '/funnels')).json.funnels as { id: string }[];
      expect(bFunnels.map((f) => f.id)).to.deep.equal([funnelId]);
    },
  },
  'GET /v1/admin/funnels': {
    then: "B's funnels are not listed",
    check: async (h, t) => {
      await bFunnel(h, t);
      expect((await admin(h, t.a.adminKey, 'GET', '/funnels')).json.funnels).to.deep.equal([]);
    },
  },
  'GET /v1/admin/funnels/:funnelId': {
    then: "B's funnel is not found",
    check: async (h, t) => {
      expectClientError(await admin(h, t.a.adminKey, 'GET', `/funnels/${await bFunnel(h, t)}`), 404, 'not_found');
    },
  },
  'PATCH /v1/admin/funnels/:funnelId': {
    then: "B's funnel is not found and stays unchanged",
    check: async (h, t) => {
      const funnelId = await bFunnel(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'PATCH', `/funnels/${funnelId}`, { name: 'hijacked' }), 404, 'not_found');
      await expectBHas(h, t, `/funnels/${funnelId}`, { name: 'B only' });
    },
  },
  'DELETE /v1/admin/funnels/:funnelId': {
    then: "B's funnel is not found and still exists",
    check: async (h, t) => {
      const funnelId = await bFunnel(h, t);
      expectClientError(await admin(h, t.a.adminKey, 'DELETE', `/funnels/${funnelId}`), 404, 'not_found');
      await expectBHas(h, t, `/funnels/${funnelId}`, { id: funnelId });
    },
  },
  'GET /v1/stats/funnels/:funnelId': {
    then: "B's funnel is not found, while B reads its figures",
    check: async (h, t) => {
      const funnelId = await bFunnel(h, t);
      expectClientError(await withBearer(h, 'GET', `/v1/stats/funnels/${funnelId}?${RANGE}`, t.a.readKey), 404, 'not_found');
      expect((await withBearer(h, 'GET', `/v1/stats/funnels/${funnelId}?${RANGE}`, t.b.readKey)).status).to.equal(200);
    },
  },
  'DELETE /v1/journeys': {
    then: "no journey of B's is deleted",
    check: async (h, t) => {
      const email = `${uniqueId('b')}@example.com`;
      const id = await bJourney(h, t, email);
      expect((await withBearer(h, 'DELETE', `/v1/journeys?email=${email}`, t.a.adminKey)).json).to.deep.equal({ deleted: 0 });
      expect((await journeysOf(h, t.b.adminKey, email)).map((j) => j.id)).to.deep.equal([id]);
    },
  },
};
