import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import pg from 'pg';
import { REALTIME_READ_TTL_MS, RealtimeReader } from '../../../api/stats/realtime/reader.js';
import { RealtimeRecorder } from '../../../worker/realtime/RealtimeRecorder.js';
import { createTestEnv, silentLog, type TestEnv } from '../../helpers/services.js';
import { insertProject } from '../worker/helpers.js';
import { manualClock, privateRedis, rtRow } from './helpers.js';

describe('realtime: reading the live figures', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let server: Awaited<ReturnType<typeof privateRedis>>;
  let redis: Redis;
  let projectId: string;
  before(async () => {
    // Its own server: its command statistics count this test's calls only.
    server = await privateRedis();
    redis = new Redis(server.url);
    t = await createTestEnv();
  });
  beforeEach(async () => {
    projectId = await insertProject(t.pool, 'UTC');
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
    await t.cleanup();
  });

  const prefix = () => t.config.redis.prefix;
  const record = (rows: ReturnType<typeof rtRow>[]) => new RealtimeRecorder(redis, { prefix: prefix(), maxMembersPerMinute: 5000, namesPerMinute: 5000, log: silentLog }).record(rows);

  async function scriptCalls(): Promise<number> {
    const stats = await redis.info('commandstats');
    let calls = 0;
    for (const match of stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) calls += Number(match[1]);
    return calls;
  }

  it('when ten requests for one project arrive at once then Redis runs one read script, and one more only after the answer has aged', async () => {
    await record([rtRow(projectId, 'page_view', Date.now() - 1000, { page_key: 'https://a.example/' })]);
    const clock = manualClock(Date.now());
    const reader = new RealtimeReader(redis, t.pool, { prefix: prefix(), now: clock.now });
    // The script is loaded by a first read of another project, so EVAL's fallback is not counted.
    await reader.read(randomUUID());
    await redis.config('RESETSTAT');

    const answers = await Promise.all(Array.from({ length: 10 }, () => reader.read(projectId)));
    expect(await scriptCalls()).to.equal(1);
    expect(answers.map((a) => a.totals.pageviews)).to.deep.equal(Array(10).fill(1));
    clock.advance(REALTIME_READ_TTL_MS - 1);
    await reader.read(projectId);
    expect(await scriptCalls()).to.equal(1);
    clock.advance(1);
    await reader.read(projectId);
    expect(await scriptCalls()).to.equal(2);
  });

  it('when more than a thousand videos tie at the cut then the first ten by name are listed and the rest is counted', async () => {
    const now = Date.now();
    const names = Array.from({ length: 1005 }, (_, i) => `v${String(i).padStart(4, '0')}`);
    await record(names.map((videoId) => rtRow(projectId, 'video_play', now - 1000, { play_id: randomUUID(), video_id: videoId })));
    const answer = await new RealtimeReader(redis, t.pool, { prefix: prefix() }).read(projectId);
    expect(answer.top.videos.map((v) => v.videoId)).to.deep.equal(names.slice(0, 10));
    expect(answer.top.videosOther).to.deep.equal({ videos: 995, plays: 995 });
  });

  it('when PostgreSQL cannot be reached then the answer still comes, its videos without titles', async () => {
    await record([rtRow(projectId, 'video_play', Date.now() - 1000, { play_id: randomUUID(), video_id: 'intro' })]);
    // Nothing listens on port 1: the catalog lookup fails at once.
    const down = new pg.Pool({ connectionString: 'postgres://cuepoint@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    try {
      const answer = await new RealtimeReader(redis, down, { prefix: prefix() }).read(projectId);
      expect(answer.top.videos).to.deep.equal([{ videoId: 'intro', title: null, plays: 1 }]);
      expect(answer.totals.plays).to.equal(1);
    } finally {
      await down.end();
    }
  });
});
