import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { RedisClient } from '../../../shared/queue/redisClient.js';
import { RealtimeReader } from '../../../api/stats/realtime/reader.js';
import { createRedis } from '../../../shared/queue/connection.js';
import { MINUTE_MS, minuteKey, minuteOf, OTHER_MEMBER } from '../../../shared/realtime/keys.js';
import { RealtimeRecorder } from '../../../worker/realtime/RealtimeRecorder.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { insertProject } from '../worker/helpers.js';
import { manualClock, rtRow } from './helpers.js';

describe('realtime: an event, open or play counts once over the window', function () {
  this.timeout(20_000);
  let t: TestEnv;
  let redis: RedisClient;
  let projectId: string;
  // 20 s into a minute: "the next minute" is 60 s on, well inside the window.
  const start = (minuteOf(Date.now()) - 5) * MINUTE_MS + 20_000;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(async () => {
    clock = manualClock(start);
    t = await createTestEnv();
    redis = createRedis(t.config, 'plain');
    projectId = await insertProject(t.pool, 'UTC');
  });
  afterEach(async () => {
    redis.disconnect();
    await t.cleanup();
  });

  const recorder = (namesPerMinute?: number) => new RealtimeRecorder(redis, { prefix: t.config.redis.prefix, maxMembersPerMinute: 100, namesPerMinute, log: silentLog, now: clock.now });
  // A reader per question, so no answer is one shared from an earlier read.
  const read = () => new RealtimeReader(redis, t.pool, { prefix: t.config.redis.prefix, now: clock.now }).read(projectId);

  it('when a page view and an open are redelivered with a corrected time in the next minute then each counts once, in the first minute', async () => {
    const view = rtRow(projectId, 'page_view', start - 1000, { page_key: 'https://a.example/home' });
    const open = rtRow(projectId, 'widget_open', start - 1000, { visitor_id: view.visitor_id, session_id: view.session_id });
    await recorder().record([view, open]);
    clock.advance(MINUTE_MS);
    // The tracker restamped sentAt on its retry: the same ids, a minute later.
    const moved = (r: typeof view) => ({ ...r, occurred_at: new Date(r.occurred_at.getTime() + MINUTE_MS) });
    await recorder().record([moved(view), moved(open)]);

    const answer = await read();
    expect(answer.totals).to.deep.equal({ pageviews: 1, opens: 1, plays: 0 });
    expect(answer.top.pages).to.deep.equal([{ url: 'https://a.example/home', pageviews: 1 }]);
    const counted = answer.minutes.filter((m) => m.pageviews > 0).map((m) => Date.parse(m.minute));
    expect(counted).to.deep.equal([minuteOf(start - 1000) * MINUTE_MS]);
    // Visitors are per minute: active in both is true, and still one distinct visitor.
    expect(answer.active.last30Minutes.visitors).to.equal(1);
  });

  it('when a redelivery lands in an earlier minute than the first delivery then it still counts once', async () => {
    const view = rtRow(projectId, 'page_view', start + 50_000, { page_key: 'https://a.example/home' });
    clock.advance(MINUTE_MS);
    await recorder().record([view]);
    await recorder().record([{ ...view, occurred_at: new Date(start - 1000) }]);
    expect((await read()).totals.pageviews).to.equal(1);
  });

  it('when one play id has a video_play in two minutes then totals and top videos count one play', async () => {
    const playId = randomUUID();
    const first = rtRow(projectId, 'video_play', start - 1000, { play_id: playId, video_id: 'intro' });
    // The same play resumed a minute later, in the same batch and again in a later one.
    const resumed = rtRow(projectId, 'video_play', start + MINUTE_MS - 1000, { play_id: playId, video_id: 'intro', visitor_id: first.visitor_id, session_id: first.session_id });
    clock.advance(MINUTE_MS);
    await recorder().record([first, resumed]);
    await recorder().record([{ ...resumed, event_id: randomUUID() }]);

    const answer = await read();
    expect(answer.totals.plays).to.equal(1);
    expect(answer.top.videos).to.deep.equal([{ videoId: 'intro', title: null, plays: 1 }]);
    expect(answer.minutes.map((m) => m.plays).reduce((a, b) => a + b, 0)).to.equal(1);
  });

  it('when a minute has more pages than its names then it keeps exactly that many real names and counts the rest under (other)', async () => {
    const views = ['/a', '/b', '/c', '/d'].map((path) => rtRow(projectId, 'page_view', start - 1000, { page_key: `https://a.example${path}` }));
    await recorder(2).record(views.slice(0, 3));
    await recorder(2).record(views.slice(3));
    const key = minuteKey(t.config.redis.prefix, projectId, 'pg', minuteOf(start - 1000));
    const scores = await redis.zrange(key, '0', '-1', 'WITHSCORES');
    const byName = new Map<string, number>();
    for (let i = 0; i < scores.length; i += 2) byName.set(scores[i] ?? '', Number(scores[i + 1]));
    expect(byName).to.deep.equal(new Map([[OTHER_MEMBER, 2], ['https://a.example/a', 1], ['https://a.example/b', 1]]));
  });
});
