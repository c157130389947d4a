import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { REALTIME_READ_TTL_MS } from '../../../api/stats/realtime/reader.js';
import { RealtimeResponse } from '../../../api/stats/realtime/schemas.js';
import { EXPIRE_AFTER_MINUTES, minuteOf } from '../../../shared/realtime/keys.js';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { expectClientError } from '../api/assertions.js';
import { eventually, startHarness, type Harness } from '../api/harness.js';
import { BOT_UA } from '../rollup/helpers.js';
import { withBearer } from '../tenancy/tenants.js';
import { Queue } from 'bullmq';
import { INGEST_QUEUE } from '../../../shared/queue/contract.js';
import { count, drained } from '../worker/helpers.js';

const A_SITE = 'https://shop.example';
const B_SITE = 'https://b.example';
const MIN = 60_000;

/** Waits out the last seconds of a minute, so that "k minutes ago" stays k minutes ago while a test posts. */
async function awayFromMinuteEnd(): Promise<void> {
  const left = MIN - (Date.now() % MIN);
  if (left < 5000) await new Promise((r) => setTimeout(r, left + 50));
}

describe('realtime: GET /v1/stats/realtime from what the worker keeps in Redis', function () {
  this.timeout(60_000);
  let h: Harness;
  let worker: RunningWorker;
  let a: Harness['project'];
  let b: Harness['project'];
  let postedAt: number;
  let queue: Queue;

  const id = (): string => randomUUID();
  const [v1, v2, v3, v4, v5, v6] = [id(), id(), id(), id(), id(), id()];
  const [s1, s2, s3, s4, s5, s6, s7] = [id(), id(), id(), id(), id(), id(), id()];
  const [p1, p2, p3] = [id(), id(), id()];
  let batch: Record<string, unknown>[];

  const at = (minutesAgo: number) => postedAt - minutesAgo * MIN;
  const e = (type: string, minutesAgo: number, visitorId: string, sessionId: string, fields: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    type,
    ts: at(minutesAgo),
    visitorId,
    sessionId,
    ...fields,
  });
  const page = (path: string) => ({ url: `${A_SITE}${path}` });
  const play = (videoId: string, playId: string) => ({ videoId, slotId: 'home', playId });

  async function realtime(key: string): Promise<RealtimeResponse> {
    const answer = await withBearer(h, 'GET', '/v1/stats/realtime', key);
    expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
    return RealtimeResponse.parse(answer.json);
  }

  async function stored(projectId: string): Promise<number> {
    return count(h.t.pool, 'select count(*) as n from events where project_id = $1', [projectId]);
  }

  before(async () => {
    h = await startHarness({
      projects: [
        { name: 'A', timezone: 'Europe/Berlin', allowedOrigins: [A_SITE] },
        { name: 'B', timezone: 'UTC', allowedOrigins: [B_SITE] },
      ],
    });
    [a, b] = h.projects as [Harness['project'], Harness['project']];
    worker = await startWorker(h.t.config, silentLog);
    // A job completes only once its batch is stored and its live figures written.
    queue = new Queue(INGEST_QUEUE, { connection: h.redis, prefix: h.t.config.redis.prefix });
    expect((await h.admin('POST', '/videos', { videoId: 'intro', title: 'Intro film' }, a.adminKey)).status).to.equal(201);

    await awayFromMinuteEnd();
    postedAt = Date.now();
    // Minutes ago at posting: the hand counts below are per these minutes.
    batch = [
      e('page_view', 0, v1, s1, page('/home')),
      e('page_view', 0, v1, s1, page('/pricing')),
      e('widget_open', 0, v1, s1, page('/home')),
      e('video_play', 0, v1, s1, play('intro', p1)),
      e('page_view', 2, v1, s2, page('/home')),
      e('page_view', 10, v2, s3, page('/home')),
      e('video_play', 10, v2, s3, play('intro', p2)),
      // The same play resumed: still one play.
      e('video_play', 10, v2, s3, play('intro', p2)),
      e('video_play', 10, v2, s3, play('outro', p3)),
      e('page_view', 20, v3, s4, page('/blog')),
      e('widget_open', 20, v3, s4, page('/blog')),
      // 45 minutes old (a late offline batch): stored, but not "now".
      e('page_view', 45, v4, s5, page('/old')),
      // The client clock runs 30 s fast: clamped to its arrival, so the current minute.
      { ...e('page_view', 0, v6, s7, page('/future')), ts: postedAt + 30_000 },
    ];
    expect((await h.post({ events: batch }, { key: a.writeKey })).status).to.equal(202);
    // A bot's page view: stored and flagged, never in the live figures.
    expect((await h.post({ events: [e('page_view', 0, v5, s6, page('/home'))] }, { key: a.writeKey, headers: { 'user-agent': BOT_UA } })).status).to.equal(202);
    expect((await h.post({ events: [e('page_view', 1, randomUUID(), randomUUID(), { url: `${B_SITE}/b-only` })] }, { key: b.writeKey })).status).to.equal(202);
    await eventually(async () => (await stored(a.projectId)) === batch.length + 1 && (await stored(b.projectId)) === 1, 20_000);
    await drained(queue);
  });
  after(async () => {
    await queue.close();
    await worker.close();
    await h.close();
  });

  /**
   * What each counted event of A's batch adds, by minutes before posting. The expectations are
   * placed in the answer's own window: on a loaded machine minutes may have begun since posting,
   * and an event that has left the window no longer counts anywhere.
   */
  const hand = () => [
    { ago: 0, v: v1, s: s1, page: '/home' },
    { ago: 0, v: v1, s: s1, page: '/pricing' },
    { ago: 0, v: v1, s: s1, open: true },
    { ago: 0, v: v1, s: s1, video: 'intro' },
    { ago: 0, v: v6, s: s7, page: '/future' },
    { ago: 2, v: v1, s: s2, page: '/home' },
    { ago: 10, v: v2, s: s3, page: '/home' },
    // p2 twice (resumed): one play.
    { ago: 10, v: v2, s: s3, video: 'intro' },
    { ago: 10, v: v2, s: s3, video: 'outro' },
    { ago: 20, v: v3, s: s4, page: '/blog' },
    { ago: 20, v: v3, s: s4, open: true },
  ];

  function expectA(answer: RealtimeResponse): void {
    const current = minuteOf(Date.parse(answer.now));
    const shift = current - minuteOf(postedAt);
    expect(shift).to.be.at.least(0);
    // Minutes before the answer's own minute; only those inside its window count.
    const counted = hand()
      .map((x) => ({ ...x, ago: x.ago + shift }))
      .filter((x) => x.ago <= 29);
    const distinct = (within: number, pick: (x: (typeof counted)[number]) => string) => new Set(counted.filter((x) => x.ago < within).map(pick)).size;
    const tally = (pick: (x: (typeof counted)[number]) => string | undefined) => {
      const n = new Map<string, number>();
      for (const x of counted) {
        const name = pick(x);
        if (name !== undefined) n.set(name, (n.get(name) ?? 0) + 1);
      }
      return [...n].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    };

    expect(answer.minutes).to.have.length(30);
    answer.minutes.forEach((m, i) => {
      const ago = 29 - i;
      expect(Date.parse(m.minute), `minute ${i}`).to.equal((current - 29 + i) * MIN);
      const here = counted.filter((x) => x.ago === ago);
      expect({ pageviews: m.pageviews, opens: m.opens, plays: m.plays }, `${ago} minutes before the answer`).to.deep.equal({
        pageviews: here.filter((x) => x.page).length,
        opens: here.filter((x) => x.open).length,
        plays: here.filter((x) => x.video).length,
      });
    });
    expect(answer.totals).to.deep.equal({ pageviews: counted.filter((x) => x.page).length, opens: counted.filter((x) => x.open).length, plays: counted.filter((x) => x.video).length });
    if (shift === 0) expect(answer.totals).to.deep.equal({ pageviews: 6, opens: 2, plays: 3 });
    expect(answer.active).to.deep.equal({
      last5Minutes: { visitors: distinct(5, (x) => x.v), sessions: distinct(5, (x) => x.s) },
      last30Minutes: { visitors: distinct(30, (x) => x.v), sessions: distinct(30, (x) => x.s) },
    });
    expect(answer.capped).to.equal(false);
    expect(answer.paused).to.equal(false);
    expect(answer.top.pages).to.deep.equal(tally((x) => x.page).map(([path, pageviews]) => ({ url: `${A_SITE}${path}`, pageviews })));
    expect(answer.top.videos).to.deep.equal(tally((x) => x.video).map(([videoId, plays]) => ({ videoId, title: videoId === 'intro' ? 'Intro film' : null, plays })));
    expect(answer.top).to.include({ pagesOther: null, videosOther: null, minutes: 30 });
    expect(Date.parse(answer.top.to) - Date.parse(answer.top.from)).to.equal(30 * MIN);
  }

  it('when events of several visitors, sessions and pages are posted then the answer equals the hand counts, without old or bot events', async () => {
    const answer = await withBearer(h, 'GET', '/v1/stats/realtime', a.readKey);
    expect(answer.headers.get('cache-control')).to.equal('private, no-cache');
    expect(answer.headers.get('etag')).to.equal(null);
    expectA(RealtimeResponse.parse(answer.json));
  });

  it('when the same batch is posted again then no figure changes', async () => {
    // A custom event of a visitor and session already counted rides in the same job: once it is
    // stored and the queue is empty, the whole job has been through the worker.
    const marker = e('custom', 0, v1, s1, { name: 'marker' });
    expect((await h.post({ events: [...batch, marker] }, { key: a.writeKey })).status).to.equal(202);
    await eventually(async () => (await stored(a.projectId)) === batch.length + 2, 20_000);
    await drained(queue);
    // Past the life of the answer read before, so this one is read afresh.
    await new Promise((r) => setTimeout(r, REALTIME_READ_TTL_MS));
    expectA(await realtime(a.readKey));
  });

  it("when B reads its figures then it sees only its own page view, and A's answer has none of B's", async () => {
    const answer = await realtime(b.readKey);
    expect(answer.totals).to.deep.equal({ pageviews: 1, opens: 0, plays: 0 });
    expect(answer.active.last30Minutes).to.deep.equal({ visitors: 1, sessions: 1 });
    expect(answer.top.pages).to.deep.equal([{ url: `${B_SITE}/b-only`, pageviews: 1 }]);
    expect((await realtime(a.readKey)).top.pages.map((p) => p.url)).to.not.include(`${B_SITE}/b-only`);
  });

  it('when the keys the worker wrote are listed then each is under its project’s hash tag and expires within 35 minutes of its minute', async () => {
    const keys = await h.redis.keys(`${h.t.config.redis.prefix}:rt:*`);
    expect(keys.length).to.be.greaterThan(8);
    const now = Date.now();
    for (const key of keys) {
      const match = /:rt:\{([0-9a-f-]{36})\}:([a-z]+):(\d+)$/.exec(key);
      expect(match, key).to.not.equal(null);
      expect([a.projectId, b.projectId], key).to.include(match![1]);
      const expiresAt = await h.redis.pexpiretime(key);
      // Every key expires on its own, at the end of its minute's stay, never later.
      expect(expiresAt, key).to.equal((Number(match![3]) + EXPIRE_AFTER_MINUTES) * MIN);
      expect(expiresAt - now, key).to.be.within(1, EXPIRE_AFTER_MINUTES * MIN);
    }
    // The old event's minute was never written.
    expect(keys.some((k) => k.endsWith(`:${minuteOf(at(45))}`))).to.equal(false);
  });

  it('when the query names a parameter then 400 invalid_parameter, and a write key is refused', async () => {
    expectClientError(await withBearer(h, 'GET', `/v1/stats/realtime?projectId=${b.projectId}`, a.readKey), 400, 'invalid_parameter', 'projectId');
    expectClientError(await withBearer(h, 'GET', '/v1/stats/realtime', a.writeKey), 403, 'wrong_key_kind', 'authorization');
  });
});
