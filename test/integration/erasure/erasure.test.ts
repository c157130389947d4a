import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startWeb, type WebServer } from '../../../api/server.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { rollupDirtyDays } from '../../../worker/rollup/dirty.js';
import { addUser, asUser, signIn } from '../accounts/users.js';
import { expectClientError } from '../api/assertions.js';
import { BROWSER_UA, eventually, SHOP, startHarness, type Harness } from '../api/harness.js';
import { silentLog } from '../../helpers/services.js';

const ZONE = 'Europe/Berlin';
const DAY_MS = 86_400_000;
/** 12:00 UTC, `daysAgo` days back: 13:00 or 14:00 in Berlin, the same local day. */
const noon = (daysAgo: number) => {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  return d.getTime() - daysAgo * DAY_MS;
};
const berlinDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(ms);

interface Person {
  visitorId: string;
}

function event(who: Person, sessionId: string, ts: number, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: randomUUID(), type, ts, visitorId: who.visitorId, sessionId, ...extra };
}

const video = (playId: string) => ({ videoId: 'intro', slotId: 'home', playId });
const minutes = (n: number) => n * 60_000;

/**
 * Three visitors over three days. X converts with order O-1 on day 3 ago; Y sends the same order
 * id a day later, which counts only once X's is gone. X is not seen 2 days ago, so that day's
 * figures change only through the order id.
 */
function scenario(x: Person, y: Person, z: Person) {
  const [x1, x2, y1, y2, z1, z2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [px, px2, py, pz] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const d3 = noon(3);
  const d2 = noon(2);
  const d1 = noon(1);
  const ofX = [
    event(x, x1, d3, 'page_view', { url: `${SHOP}/p/1?utm_source=news` }),
    event(x, x1, d3 + minutes(1), 'widget_open', { url: `${SHOP}/p/1` }),
    event(x, x1, d3 + minutes(2), 'video_play', video(px)),
    event(x, x1, d3 + minutes(3), 'video_progress', { ...video(px), percent: 25 }),
    event(x, x1, d3 + minutes(4), 'video_progress', { ...video(px), percent: 50 }),
    event(x, x1, d3 + minutes(5), 'click', { ...video(px), target: 'cta', label: 'Buy' }),
    event(x, x1, d3 + minutes(6), 'conversion', { conversionType: 'purchase', value: 10, currency: 'USD', orderId: 'O-1' }),
    event(x, x2, d1, 'page_view', { url: `${SHOP}/p/2` }),
    event(x, x2, d1 + minutes(1), 'impression', { url: `${SHOP}/p/2` }),
    event(x, x2, d1 + minutes(2), 'video_play', video(px2)),
    event(x, x2, d1 + minutes(3), 'video_time', { ...video(px2), seconds: 5 }),
  ];
  const ofOthers = [
    event(y, y1, d3 + minutes(10), 'page_view', { url: `${SHOP}/p/1` }),
    event(y, y1, d3 + minutes(11), 'video_play', video(py)),
    event(y, y2, d2, 'page_view', { url: `${SHOP}/p/3` }),
    event(y, y2, d2 + minutes(1), 'conversion', { conversionType: 'purchase', value: 20, currency: 'USD', orderId: 'O-1' }),
    event(y, y2, d2 + minutes(2), 'widget_open', { url: `${SHOP}/p/3` }),
    event(z, z1, d2 + minutes(5), 'page_view', { url: `${SHOP}/p/1` }),
    event(z, z1, d2 + minutes(6), 'click', { ...video(pz), target: 'detail' }),
    event(z, z2, d1 + minutes(10), 'page_view', { url: `${SHOP}/p/2` }),
    event(z, z2, d1 + minutes(11), 'video_play', video(pz)),
    event(z, z2, d1 + minutes(12), 'video_progress', { ...video(pz), percent: 25 }),
  ];
  return { ofX, ofOthers, days: [berlinDay(d3), berlinDay(d2), berlinDay(d1)] };
}

const visitorsOf = (overview: Record<string, unknown>) => (overview.totals as { visitors: number }).visitors;

const ENDPOINTS = ['overview', 'videos', 'pages', 'site', 'site/pages', 'transitions', 'goals', 'clicks', 'custom-events', 'sources', 'campaigns', 'devices', 'locations'];

describe('erasure: a visitor erased through the API leaves every figure as if they had never come', function () {
  this.timeout(120_000);
  let h: Harness;
  let worker: RunningWorker;
  /** A second web process: it learns of the tombstone through config-changed. */
  let otherWeb: WebServer;
  const x = { visitorId: randomUUID() };
  const y = { visitorId: randomUUID() };
  const z = { visitorId: randomUUID() };
  const s = scenario(x, y, z);
  let a: Harness['project'];
  let b: Harness['project'];

  const post = (key: string, events: unknown[]) => h.post({ events }, { key, origin: SHOP });
  const stats = async (key: string, endpoint: string, from: string, to: string): Promise<Record<string, unknown>> => {
    const answer = await h.request('GET', `/v1/stats/${endpoint}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${key}` } });
    expect(answer.status, `${endpoint} ${JSON.stringify(answer.json)}`).to.equal(200);
    return answer.json;
  };
  const storedOf = async (projectId: string, visitorId: string) =>
    (await h.t.pool.query<{ n: number }>('select count(*)::int as n from events where project_id = $1 and visitor_id = $2', [projectId, visitorId])).rows[0]!.n;
  const exportOf = async (key: string, visitorId: string) => {
    const res = await fetch(`${h.web.url}/v1/visitors/${visitorId}/export`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).to.match(/^attachment/);
    return (await res.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  const job = async (jobId: string, key = a.adminKey) => h.request('GET', `/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${key}` } });

  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'A', timezone: ZONE, allowedOrigins: [SHOP] },
        { name: 'B', timezone: ZONE, allowedOrigins: [SHOP] },
        { name: 'C', timezone: ZONE, allowedOrigins: [SHOP] },
      ],
    });
    [a, b] = [h.projects[0]!, h.projects[1]!];
    worker = await startWorker(h.t.config, silentLog);
    otherWeb = await startWeb(h.t.config, silentLog);
    // A gets everyone, B everyone but X; C shares X's visitor id and must keep them.
    expect((await post(a.writeKey, [...s.ofX, ...s.ofOthers])).json).to.deep.include({ accepted: 21 });
    expect((await post(b.writeKey, s.ofOthers)).json).to.deep.include({ accepted: 10 });
    expect((await post(h.projects[2]!.writeKey, s.ofX.slice(0, 2))).json).to.deep.include({ accepted: 2 });
    await eventually(async () => (await storedOf(a.projectId, x.visitorId)) === 11 && (await storedOf(b.projectId, y.visitorId)) === 5, 15_000);
    await eventually(async () => (await h.t.pool.query('select 1 from events')).rowCount === 33, 15_000);
    await rollupDirtyDays(h.t.pool);
  });
  after(async () => {
    await otherWeb.close();
    await worker.close();
    await h.close();
  });

  it('when X is exported then every stored event of X comes back with sessions and plays, and nothing of another visitor or project', async () => {
    const lines = await exportOf(a.adminKey, x.visitorId.toUpperCase());
    const events = lines.filter((l) => l.kind === 'event');
    expect(events.map((e) => e.eventId).sort()).to.deep.equal(s.ofX.map((e) => e.id).sort());
    expect(events[0]).to.include.keys('type', 'occurredAt', 'sessionId', 'url', 'browser', 'isBot');
    expect(events[0]).to.not.have.any.keys('projectId', 'cursor_');
    expect(lines.filter((l) => l.kind === 'session')).to.have.length(2);
    expect(lines.filter((l) => l.kind === 'play')).to.have.length(2);
    expect(lines.filter((l) => l.kind === 'visitor_firsts')).to.have.length(1);
    for (const line of lines) expect(line.visitorId, JSON.stringify(line)).to.equal(x.visitorId);
    expectClientError(await h.request('GET', '/v1/visitors/not-a-uuid/export', { headers: { authorization: `Bearer ${a.adminKey}` } }), 400, 'invalid_field', 'visitorId');
  });

  it('when X is erased in A then the job reports its work, X is refused before the 202, and every figure of A equals B, which never had X', async () => {
    const before = new Map<string, number>();
    for (const day of s.days) before.set(day, visitorsOf(await stats(a.readKey, 'overview', day, day)));
    // X's order O-1 holds Y's back in A: the day X never visited differs too, until the erasure.
    const conversions = async (key: string) => ((await stats(key, 'overview', s.days[1]!, s.days[1]!)).totals as { conversions: number }).conversions;
    expect([await conversions(a.readKey), await conversions(b.readKey)]).to.deep.equal([0, 1]);

    // Failed jobs holding X's events: one only X's, one a bundle with Y's too.
    const letter = async (payload: unknown) =>
      (await h.t.pool.query<{ id: string }>(`insert into dead_letters (project_id, payload, reason, created_at) values ($1, $2, 'test', now()) returning id`, [a.projectId, JSON.stringify(payload)])).rows[0]!.id;
    const onlyX = await letter({ v: 1, projectId: a.projectId, events: [{ ...s.ofX[0], visitorId: x.visitorId.toUpperCase() }] });
    const mixedLetter = await letter({ v: 2, projectId: a.projectId, requests: [{ v: 1, events: [s.ofX[1], s.ofOthers[0]] }] });

    // An event of X queued before the erasure, written after it: the worker must drop it.
    await worker.worker.pause();
    const late = event(x, randomUUID(), noon(1) + minutes(30), 'page_view', { url: `${SHOP}/p/late` });
    expect((await post(a.writeKey, [late])).status).to.equal(202);

    expectClientError(await h.request('DELETE', '/v1/visitors/nope', { headers: { authorization: `Bearer ${a.adminKey}` } }), 400, 'invalid_field', 'visitorId');
    const erased = await h.request('DELETE', `/v1/visitors/${x.visitorId}`, { headers: { authorization: `Bearer ${a.adminKey}` } });
    expect(erased.status).to.equal(202);
    expect(erased.json).to.have.all.keys('jobId', 'state');
    const jobId = erased.json.jobId as string;

    // The other web process refuses X within about a second, without a reload of its own.
    const viaOther = () =>
      fetch(`${otherWeb.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP, 'x-cuepoint-key': a.writeKey, 'user-agent': BROWSER_UA },
        body: JSON.stringify({ events: [{ ...s.ofX[0], id: randomUUID() }] }),
      });
    expect(await eventually(async () => (await viaOther()).status === 400, 1500, 50)).to.be.lessThan(1500);

    // Refused at once, alone (400) or among others (202 with the rejection).
    const resent = await post(a.writeKey, [s.ofX[0]]);
    expectClientError(resent, 400, 'no_valid_events');
    expect(resent.json.rejected).to.deep.equal([{ index: 0, field: 'visitorId', reason: 'erased_visitor' }]);
    // Y's event is today's, outside the days compared below.
    const mixed = await post(a.writeKey, [{ ...s.ofOthers[0], id: randomUUID(), ts: Date.now() }, s.ofX[1]]);
    expect(mixed.json).to.deep.equal({ accepted: 1, rejected: [{ index: 1, field: 'visitorId', reason: 'erased_visitor' }] });
    // No journey may gather an erased visitor either.
    const promote = await h.request('POST', '/v1/journeys/promote', {
      headers: { 'content-type': 'application/json', origin: SHOP, 'x-cuepoint-key': a.writeKey, 'user-agent': BROWSER_UA },
      body: JSON.stringify({ visitorId: x.visitorId, email: 'x@example.com' }),
    });
    expectClientError(promote, 400, 'erased_visitor', 'visitorId');
    // Another project knows nothing of A's tombstones.
    expect((await post(h.projects[2]!.writeKey, [s.ofX[2]])).json).to.deep.include({ accepted: 1 });

    await eventually(async () => (await job(jobId)).json.state === 'done', 60_000, 100);
    await worker.worker.resume();
    const marker = event(z, randomUUID(), Date.now(), 'impression', { url: `${SHOP}/p/marker` });
    await post(a.writeKey, [marker]);
    await eventually(async () => (await h.t.pool.query('select 1 from events where event_id = $1', [marker.id])).rowCount === 1, 15_000);
    expect(await storedOf(a.projectId, x.visitorId), 'X stored in A after the erasure').to.equal(0);
    expect(await storedOf(h.projects[2]!.projectId, x.visitorId), 'X in C').to.equal(3);

    const report = (await job(jobId)).json;
    expect(report).to.include({ id: jobId, kind: 'erase_visitor', state: 'done', error: null });
    expect(report.progress).to.deep.include({ phase: 'done', daysTotal: 3, daysDone: 3 });
    expect((report.progress as { rows: Record<string, number> }).rows).to.include({ events: 11, sessions: 2, plays: 2, visitor_firsts: 1, dead_letters: 2 });
    const letters = await h.t.pool.query<{ id: string; payload: { requests: { events: { id: string }[] }[] } }>('select id, payload from dead_letters where id = any($1::bigint[])', [[onlyX, mixedLetter]]);
    expect(letters.rows.map((r) => r.id)).to.deep.equal([mixedLetter]);
    expect(letters.rows[0]!.payload.requests[0]!.events.map((e) => e.id)).to.deep.equal([s.ofOthers[0]!.id]);
    expect(report.finishedAt).to.be.a('string');

    expectClientError(await job(jobId, a.readKey), 403, 'wrong_key_kind');
    expectClientError(await job(jobId, b.adminKey), 404, 'not_found', 'jobId');
    expect(await exportOf(a.adminKey, x.visitorId)).to.deep.equal([]);
    const numbers = await h.t.pool.query('select 1 from member_numbers where project_id = $1 and member = $2', [a.projectId, x.visitorId]);
    expect(numbers.rowCount).to.equal(0);

    // Erasing again is a new job over the same tombstone, with nothing left to do.
    const again = await h.request('DELETE', `/v1/visitors/${x.visitorId.toUpperCase()}`, { headers: { authorization: `Bearer ${a.adminKey}` } });
    expect(again.status).to.equal(202);
    expect(again.json.jobId).to.not.equal(jobId);
    await eventually(async () => (await job(again.json.jobId as string)).json.state === 'done', 30_000, 100);
    expect((await job(again.json.jobId as string)).json.progress).to.deep.include({ daysTotal: 0, rows: {} });
    expect((await h.t.pool.query('select 1 from erased_visitors where project_id = $1', [a.projectId])).rowCount).to.equal(1);

    const [first, , last] = s.days as [string, string, string];
    for (const endpoint of ENDPOINTS) {
      for (const [from, to] of [...s.days.map((d) => [d, d]), [first, last]] as [string, string][]) {
        expect(await stats(a.readKey, endpoint, from, to), `${endpoint} ${from}..${to}`).to.deep.equal(await stats(b.readKey, endpoint, from, to));
      }
    }
    const drop = [];
    for (const day of s.days) drop.push(before.get(day)! - (visitorsOf(await stats(a.readKey, 'overview', day, day))));
    expect(drop).to.deep.equal([1, 0, 1]);
    expect(visitorsOf(await stats(a.readKey, 'overview', first, last))).to.equal(2);
  });

  it('when the owner deletes project B then a job removes every row of B in the worker and the job row stays', async () => {
    const owner = await signIn(h, await addUser(h, { [b.projectId]: 'owner' }));
    const deleted = await asUser(h, owner, 'DELETE', '/v1/admin/project', { project: b.projectId });
    expect(deleted.status).to.equal(202);
    const jobId = deleted.json.jobId as string;
    expectClientError(await h.request('GET', '/v1/admin/project', { headers: { authorization: `Bearer ${b.adminKey}` } }), 401, 'invalid_key');
    const left = async () => {
      const tables = await h.t.pool.query<{ table_name: string }>(
        `select table_name from information_schema.columns where column_name = 'project_id' and table_schema = current_schema() and table_name <> 'lifecycle_jobs'`,
      );
      let n = 0;
      for (const { table_name: table } of tables.rows) n += (await h.t.pool.query(`select 1 from "${table}" where project_id = $1`, [b.projectId])).rowCount ?? 0;
      return n;
    };
    await eventually(async () => (await left()) === 0, 30_000, 100);
    await eventually(async () => (await h.t.pool.query(`select 1 from lifecycle_jobs where id = $1 and state = 'done'`, [jobId])).rowCount === 1, 10_000);
    expect((await h.t.pool.query('select 1 from events where project_id = $1', [a.projectId])).rowCount).to.be.greaterThan(0);
  });
});
