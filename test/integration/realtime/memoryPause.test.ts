import { expect } from 'chai';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { RealtimeReader } from '../../../api/stats/realtime/reader.js';
import { MINUTE_MS, PAUSE_MARK_MS, pausedKey } from '../../../shared/realtime/keys.js';
import { MEMORY_CHECK_EVERY_MS } from '../../../worker/realtime/memoryGate.js';
import { RealtimeRecorder } from '../../../worker/realtime/RealtimeRecorder.js';
import { createTestEnv, type TestEnv } from '../../helpers/services.js';
import { insertProject } from '../worker/helpers.js';
import { manualClock, privateRedis, rtRow } from './helpers.js';

describe('realtime: the live figures give way when Redis runs short of memory', function () {
  this.timeout(30_000);
  let t: TestEnv;
  let server: Awaited<ReturnType<typeof privateRedis>>;
  let redis: Redis;
  let projectId: string;
  before(async () => {
    // Its own server: the shared one's maxmemory is not this test's to change.
    server = await privateRedis();
    redis = new Redis(server.url);
    t = await createTestEnv();
    projectId = await insertProject(t.pool, 'UTC');
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
    await t.cleanup();
  });

  async function usedMemory(): Promise<number> {
    return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]);
  }

  it('when used memory passes the share of maxmemory then writes stop, one warning is logged, and the answer says paused and capped until Redis has room again', async () => {
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const prefix = t.config.redis.prefix;
    const clock = manualClock(Date.now());
    const recorder = new RealtimeRecorder(redis, { prefix, maxMembersPerMinute: 100, memoryShare: 0.5, log, now: clock.now });
    const reader = () => new RealtimeReader(redis, t.pool, { prefix, now: clock.now }).read(projectId);
    const view = () => rtRow(projectId, 'page_view', clock.now() - 1000, { page_key: 'https://a.example/' });

    // Used memory is then two thirds of maxmemory: past half, with room left for the queue.
    await redis.config('SET', 'maxmemory', String(Math.ceil((await usedMemory()) * 1.5)));
    await recorder.record([view()]);
    clock.advance(MEMORY_CHECK_EVERY_MS);
    await recorder.record([view()]);
    expect(await redis.keys(`${prefix}:rt:{*`)).to.deep.equal([]);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).to.deep.equal(['realtime figures paused: Redis memory past the realtime share (events are still stored)']);
    const pttl = await redis.pttl(pausedKey(prefix));
    expect(pttl).to.be.within(PAUSE_MARK_MS - 5000, PAUSE_MARK_MS);
    let answer = await reader();
    expect(answer).to.include({ paused: true, capped: true });
    expect(answer.totals.pageviews).to.equal(0);

    await redis.config('SET', 'maxmemory', '0');
    // Within the check interval the last verdict stands; after it, writes resume.
    await recorder.record([view()]);
    expect(await redis.keys(`${prefix}:rt:{*`)).to.deep.equal([]);
    clock.advance(MEMORY_CHECK_EVERY_MS);
    await recorder.record([view()]);
    expect(lines.map((l) => l.msg)).to.include('realtime figures resumed');
    // The mark ages past its fresh minute: no longer paused, but the window still lacks events.
    await redis.pexpire(pausedKey(prefix), PAUSE_MARK_MS - 2 * MINUTE_MS);
    clock.advance(MINUTE_MS);
    answer = await reader();
    expect(answer).to.include({ paused: false, capped: true });
    expect(answer.totals.pageviews).to.equal(1);
    await redis.del(pausedKey(prefix));
    clock.advance(MINUTE_MS);
    expect(await reader()).to.include({ paused: false, capped: false });
  });

  it('when Redis has no maxmemory then the figures are written however much memory is used', async () => {
    await redis.config('SET', 'maxmemory', '0');
    const prefix = `${t.config.redis.prefix}-nomax`;
    const recorder = new RealtimeRecorder(redis, { prefix, maxMembersPerMinute: 100, memoryShare: 0.01, log: pino({ level: 'silent' }) });
    await recorder.record([rtRow(projectId, 'page_view', Date.now() - 1000, { page_key: 'https://a.example/' })]);
    expect(await redis.keys(`${prefix}:rt:{*:pv:*`)).to.have.length(1);
    expect(await redis.exists(pausedKey(prefix))).to.equal(0);
  });
});
